//! The command line as `server` parses it: flags, environment, defaults.

use super::*;

#[test]
fn cli_parses_serve() {
    let cli = Cli::try_parse_from([
        "server",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--db",
        "x.db",
        "--demo",
    ])
    .unwrap();
    let Command::Serve(args) = cli.command else {
        panic!("serve")
    };
    assert_eq!(args.listen, "127.0.0.1:0");
    assert!(args.demo);
    assert!(!args.trust_proxy);
    assert_eq!(args.phone_window_years, 2);
    assert!(args.static_dir.is_none());
    assert_eq!(args.timeouts(), Timeouts::default());
    assert_eq!(args.max_connections, listen::DEFAULT_MAX_CONNECTIONS);
}

#[test]
fn photos_live_beside_the_sqlite_file_unless_told() {
    let blobs = |args: &[&str]| {
        let mut argv = vec!["server", "serve"];
        argv.extend_from_slice(args);
        let Command::Serve(a) = Cli::try_parse_from(argv).unwrap().command else {
            panic!("serve")
        };
        a.blobs_dir()
    };
    assert_eq!(blobs(&[]), PathBuf::from("data/photos"));
    assert_eq!(
        blobs(&["--db", "/srv/j/ledger.db"]),
        PathBuf::from("/srv/j/photos")
    );
    assert_eq!(
        blobs(&["--db", "sqlite:///srv/j/l.db?mode=rwc"]),
        PathBuf::from("/srv/j/photos")
    );
    assert_eq!(blobs(&["--db", "x.db"]), PathBuf::from("photos"));
    assert_eq!(
        blobs(&["--db", "postgres://u@h/db"]),
        PathBuf::from("photos")
    );
    assert_eq!(
        blobs(&["--db", "postgres://u@h/db", "--blobs", "/mnt/photos"]),
        PathBuf::from("/mnt/photos")
    );
    let gc = Cli::try_parse_from([
        "server",
        "gc-photos",
        "--db",
        "/srv/j/l.db",
        "--grace-days",
        "7",
        "--dry-run",
    ]);
    let Command::GcPhotos(gc) = gc.unwrap().command else {
        panic!("gc-photos")
    };
    assert_eq!((gc.grace_days, gc.dry_run), (7, true));
    assert_eq!(
        blobs_dir(&gc.db.db, gc.blobs.as_ref()),
        PathBuf::from("/srv/j/photos")
    );
}

#[test]
fn cli_parses_timeouts_and_the_connection_cap() {
    let cli = Cli::try_parse_from([
        "server",
        "serve",
        "--header-read-timeout",
        "2",
        "--body-read-timeout",
        "3",
        "--request-timeout",
        "4",
        "--max-connections",
        "5",
    ])
    .unwrap();
    let Command::Serve(args) = cli.command else {
        panic!("serve")
    };
    let t = args.timeouts();
    assert_eq!(t.header_read, Duration::from_secs(2));
    assert_eq!(t.body_read, Duration::from_secs(3));
    assert_eq!(t.request, Duration::from_secs(4));
    assert_eq!(args.max_connections, 5);
    for bad in [
        ["--request-timeout", "0"],
        ["--body-read-timeout", "1.5"],
        ["--max-connections", "0"],
    ] {
        let argv = ["server", "serve", bad[0], bad[1]];
        assert!(Cli::try_parse_from(argv).is_err(), "{bad:?}");
    }
}

#[test]
fn cli_parses_user_commands() {
    let cli = Cli::try_parse_from([
        "server",
        "user",
        "add",
        "--username",
        "hewan",
        "--role",
        "cadre",
        "--org",
        "河湾社区妇联",
    ])
    .unwrap();
    let Command::User {
        command: UserCommand::Add(args),
    } = cli.command
    else {
        panic!("user add")
    };
    assert_eq!(args.role, Role::Cadre);
    assert_eq!(args.org, "河湾社区妇联");
    assert!(Cli::try_parse_from([
        "server",
        "user",
        "add",
        "--username",
        "x",
        "--role",
        "boss",
        "--org",
        "y"
    ])
    .is_err());
    let cli = Cli::try_parse_from([
        "server", "import", "--db", "x.db", "--file", "e.json", "--user", "hewan",
    ])
    .unwrap();
    let Command::Import(args) = cli.command else {
        panic!("import")
    };
    assert_eq!(args.file, PathBuf::from("e.json"));
    assert_eq!(args.user, "hewan");
    assert_eq!(args.db.db, "x.db");
    let cli =
        Cli::try_parse_from(["server", "user", "reset-password", "--username", "hewan"]).unwrap();
    assert!(matches!(
        cli.command,
        Command::User {
            command: UserCommand::ResetPassword(_)
        }
    ));
}
