import BuurtCLI

BuurtCommand.run()
