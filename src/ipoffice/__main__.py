from ipoffice.cli import main

main()
