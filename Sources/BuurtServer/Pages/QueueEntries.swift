import BuurtApp

/// The entries of a group's page (pending enrollments and members), written by hand rather than
/// through the template engine: a queue of hundreds renders in about a millisecond this way,
/// where Mustache's reflection takes most of a second. Every value is HTML-escaped; the texts
/// come from the catalogue.
enum QueueEntries {
  /// `s` safe in HTML text and in a double- or single-quoted attribute.
  static func escape(_ s: String) -> String { XMLText.escape(s) }

  /// One section per pending enrollment: its facts, a WhatsApp link, one form with `Toegevoegd`
  /// and, with a reason, `Weigeren`.
  static func pending(_ rows: [QueueRow], group: String, csrf: String, texts d: DeskTexts) -> String {
    let g = escape(group)
    var out = ""
    out.reserveCapacity(rows.count * 900)
    for r in rows {
      let id = escape(r.id)
      out += "<section class=\"entry\" aria-labelledby=\"naam-\(id)\">\n<h3 id=\"naam-\(id)\">\(escape(r.name))</h3>\n"
      out += "<dl class=\"facts\"><dt>\(escape(d.phone))</dt><dd>\(escape(r.phone)) · <a href=\"\(escape(r.whatsapp))\" rel=\"noreferrer\">"
      out += "\(escape(d.openWhatsApp))</a></dd>\n<dt>\(escape(d.basis))</dt><dd>\(escape(r.basis))</dd><dt>\(escape(d.age))</dt>"
      out += "<dd>\(escape(r.age))</dd><dt>\(escape(d.enrolledOn))</dt><dd>\(escape(r.enrolledOn))</dd></dl>\n"
      out +=
        "<form method=\"post\" action=\"/beheer/inschrijvingen/\(id)\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\">"
      out +=
        "<input type=\"hidden\" name=\"groep\" value=\"\(g)\"><p><button type=\"submit\" name=\"actie\" value=\"toegevoegd\">\(escape(d.added))</button></p>\n"
      out +=
        "<p><label for=\"reden-\(id)\">\(escape(d.reason))</label> <input id=\"reden-\(id)\" name=\"reden\" type=\"text\" maxlength=\"500\"> "
      out +=
        "<button type=\"submit\" name=\"actie\" value=\"geweigerd\" class=\"danger\">\(escape(d.refuse))</button></p></form>\n</section>\n"
    }
    return out
  }

  /// One table row per member: name, phone, and a form to take them out of the group (with a reason).
  static func members(_ rows: [QueueRow], group: String, csrf: String, texts d: DeskTexts) -> String {
    let g = escape(group)
    var out = ""
    out.reserveCapacity(rows.count * 600)
    for r in rows {
      let id = escape(r.id)
      out +=
        "<tr><td>\(escape(r.name))</td><td>\(escape(r.phone))</td><td><form method=\"post\" action=\"/beheer/inschrijvingen/\(id)\" class=\"inline\">"
      out += "<input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\"><input type=\"hidden\" name=\"actie\" value=\"verwijderd\">"
      out += "<input type=\"hidden\" name=\"groep\" value=\"\(g)\"><label for=\"weg-\(id)\">\(escape(d.reason))</label> "
      out +=
        "<input id=\"weg-\(id)\" name=\"reden\" type=\"text\" maxlength=\"500\"> <button type=\"submit\" class=\"danger\">\(escape(d.remove))</button></form></td></tr>\n"
    }
    return out
  }
}
