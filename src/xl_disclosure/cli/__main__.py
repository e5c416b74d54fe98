from xl_disclosure.cli import main

raise SystemExit(main())
