//! `server serve …`, `server setup …`, `server user …`, `server import …`,
//! `server backup …`, `server restore …`, `server migrate-db …`,
//! `server gc-photos …`:
//! see `server::config` for the flags, `server::serve` and `server::cli` for
//! what happens.

use clap::Parser;
use server::cli::{self, password_from_env};
use server::config::{Cli, Command, UserCommand};
use server::now_ms;
use std::io::IsTerminal;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    // Logs go to stderr; stdout carries only the "listening on" line.
    // sqlx logs every statement at INFO, hence its quieter default.
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    let args = Cli::parse();
    let result = match args.command {
        Command::Serve(args) => server::serve::run(args).await.map(|()| None).map_err(|e| {
            // A server's failure belongs in its log too; a command's only on stderr.
            tracing::error!("{e}");
            e.to_string()
        }),
        Command::Setup(args) => cli::setup(args, password_from_env(), now_ms())
            .await
            .map(Some)
            .map_err(|e| e.to_string()),
        Command::User { command } => match command {
            UserCommand::Add(args) => cli::user_add(args, password_from_env(), now_ms()).await,
            UserCommand::ResetPassword(args) => {
                cli::reset_password(args, password_from_env(), now_ms()).await
            }
        }
        .map(Some)
        .map_err(|e| e.to_string()),
        Command::Import(args) => cli::import(args, now_ms())
            .await
            .map(Some)
            .map_err(|e| e.to_string()),
        Command::Backup(args) => server::backup::backup(args)
            .await
            .map(Some)
            .map_err(|e| e.to_string()),
        Command::Restore(args) => server::backup::restore(args, now_ms())
            .await
            .map(Some)
            .map_err(|e| e.to_string()),
        Command::MigrateDb(args) => server::backup::migrate_db(args)
            .await
            .map(Some)
            .map_err(|e| e.to_string()),
        Command::GcPhotos(args) => cli::gc_photos(args, now_ms())
            .await
            .map(Some)
            .map_err(|e| e.to_string()),
    };
    match result {
        Ok(output) => {
            if let Some(text) = output {
                println!("{text}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
