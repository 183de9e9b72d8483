public import ArgumentParser
import BuurtApp

/// `buurt`: the command line of the neighbourhood-watch service.
public struct BuurtCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "buurt",
    abstract: "Places addresses in neighbourhood-watch groups (Lanaken buurtpreventie).",
    discussion: """
      Layers are GeoJSON (RFC 7946, lon/lat) or CSV point tables (lon,lat columns, or x,y with --crs).
      Geometry is computed in a metric CRS (EPSG:31370 unless --metric-crs says otherwise).
      """,
    version: BuurtVersion.current,
    subcommands: [
      AssignCommand.self, LocateCommand.self, InfoCommand.self, ResolveCommand.self, ImportCommand.self, GroupsCommand.self,
      EnrollCommand.self, MembersCommand.self, DoctorCommand.self, BackupCommand.self, SignsCommand.self,
      ValidateCommand.self, DiffCommand.self, BalanceCommand.self, MapCommand.self, AccountsCommand.self, QueueCommand.self,
      EnrollmentsCommand.self, TransfersCommand.self, AuditCommand.self, CharterCommand.self, SettingsCommand.self, OutboxCommand.self,
      ServeCommand.self,
    ])

  public init() {}
}
