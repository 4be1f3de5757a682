from newsgrep.cli import main

main()
