//! The main example: the demo municipality's follow-up.
//!
//! Run it with `cargo run --example follow_up`. For now it prints the organisation tree of the
//! embedded demo municipality, with each unit's kind in Swedish.

use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("follow_up: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), styrmodell::Error> {
    let org = styrmodell::demo::organisation()?;
    println!(
        "# Organisation: {} ({} enheter)\n",
        org.root().name,
        org.len()
    );
    print!("{}", org.render_tree());
    Ok(())
}
