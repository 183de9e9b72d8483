/// The version of buurt, for `--version` and the files it writes.
public enum BuurtVersion {
  public static let current = "0.1.0"
}
