/// Number formatting for people (thousands separators, fixed decimals).
public enum Format {
  public static func count(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (k, ch) in digits.enumerated() {
      if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return n < 0 ? "-" + out : out
  }

  public static func fixed(_ v: Double, _ decimals: Int) -> String {
    guard v.isFinite else { return "\(v)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let r = (abs(v) * scale).rounded()
    let whole = Int(r / scale)
    var frac = String(Int(r.truncatingRemainder(dividingBy: scale)))
    while frac.count < decimals { frac = "0" + frac }
    return (v < 0 && r != 0 ? "-" : "") + String(whole) + (decimals > 0 ? "." + frac : "")
  }

  public static func seconds(_ s: Double) -> String { s < 1 ? fixed(s * 1000, 0) + " ms" : fixed(s, 2) + " s" }

  public static func padded(_ s: String, _ width: Int, right: Bool = false) -> String {
    let pad = String(repeating: " ", count: max(0, width - s.count))
    return right ? pad + s : s + pad
  }
}
