//! Terminal lifecycle (being built).
use crate::app::App;

pub fn run(_app: App) -> color_eyre::Result<()> {
    color_eyre::eyre::bail!("the interactive app is not built yet")
}
