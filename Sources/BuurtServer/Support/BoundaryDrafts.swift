import Addressing
import BuurtApp
import BuurtStore
import GeoFormats
import Grouping
import Synchronization

/// Checking and publishing boundary sets, the same for the API and the staff's pages.
extension BuurtService {
  /// A boundary set checked against the data being served (addresses, municipality boundary).
  func checkBoundarySet(_ layer: GeoLayer, nameProperty: String) throws -> BoundarySetCheck {
    let data = self.data
    return try BoundarySetCheck(
      layer: layer, nameProperty: nameProperty, loader: try LayerLoader(threads: 1), addresses: data.folder.resolver.register.positions,
      municipality: data.folder.municipality)
  }

  /// A stored draft's check (kept for the few drafts last looked at: the page and its map ask twice).
  func checkDraft(_ draft: BoundaryDraft) throws -> BoundarySetCheck {
    let key = "\(draft.id)|\(data.folder.groupsVersion ?? 0)"
    if let check = draftChecks.withLock({ $0[key] }) { return check }
    let check = try checkBoundarySet(try GeoJSONReader().read(draft.geojson), nameProperty: draft.nameProperty)
    draftChecks.withLock { cache in
      if cache.count >= 4 { cache.removeAll() }
      cache[key] = check
    }
    return check
  }

  /// Publishes a valid draft: a new boundary version in the store (the members who move become
  /// transfers in the same transaction), the draft marked, and served from the next request on.
  /// Nil when the draft was published meanwhile (one publication at a time: two clicks publish once).
  func publishDraft(_ draft: BoundaryDraft, source: String, by actor: Actor) throws -> (version: Int, moved: Int)? {
    try publishing.withLock { _ throws -> (version: Int, moved: Int)? in
      guard try store.draft(id: draft.id)?.publishedVersion == nil else { return nil }
      let check = try checkDraft(draft)
      let (version, moved) = try check.publish(
        to: store, nameProperty: draft.nameProperty, note: "boundary set \(draft.id)", source: source, loader: try LayerLoader(threads: 1),
        by: actor.audit)
      try store.markDraftPublished(id: draft.id, version: version)
      try usePublished(check.groups, version: version)
      return (version, moved)
    }
  }
}

/// The sign places of the groups being served (staff's signs page), planned once per version.
extension BuurtService {
  func signTable() throws -> SignTable? {
    let data = self.data
    guard let groups = data.folder.groups else { return nil }
    let key = data.folder.groupsVersion ?? 0
    if let cached = signTables.withLock({ $0[key] }) { return cached }
    let signs = SignPlanner().plan(groups: groups, streets: streetLines)
    let table = try SignTable(signs, groups: groups, projection: data.folder.loader.projection)
    signTables.withLock { cache in
      if cache.count >= 4 { cache.removeAll() }
      cache[key] = table
    }
    return table
  }
}
