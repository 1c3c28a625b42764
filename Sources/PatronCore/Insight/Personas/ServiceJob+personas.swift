import Foundation

extension ServiceJob {
    /// Rebuilds every customer's persona tags from the whole history, weekly. Orders and refunds keep them
    /// current in between; the rebuild picks up what changes without an order (the catalogue's price ladder,
    /// store time zones, the rules), which moves slowly.
    public static func personasRefresh(_ personas: PersonaService, interval: TimeInterval = 7 * 86_400) -> ServiceJob {
        ServiceJob(name: "personas.refresh", interval: interval) { now, caller in
            try await personas.refresh(at: now, by: caller).summary
        }
    }
}
