import ArgumentParser
import BuurtCLI

@main enum Buurt { static func main() async { await BuurtCommand.main() } }
