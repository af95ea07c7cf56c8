from baomi.cli import main

main()
