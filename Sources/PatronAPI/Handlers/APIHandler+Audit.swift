import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        let q = input.query
        let filter = AuditFilter(actorId: q.actorId, action: q.action, resourceType: q.resourceType, resourceId: q.resourceId,
                                 from: q.from, to: q.to)
        let page = try await services.audit.list(filter, page: PageRequest(cursor: q.cursor, limit: q.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.AuditEvent.init), nextCursor: page.nextCursor))))
    }
}

extension Components.Schemas.AuditEvent {
    init(_ event: AuditEvent) {
        self.init(id: event.id.apiString, at: event.at, actorKind: .init(rawValue: event.actor.kind.rawValue) ?? .system,
                  actorId: event.actor.id, actorName: event.actor.name, action: event.action, resourceType: event.resourceType,
                  resourceId: event.resourceId, fields: event.fields, purpose: event.purpose,
                  outcome: .init(rawValue: event.outcome.rawValue) ?? .success, requestId: event.requestId,
                  details: .init(additionalProperties: event.details))
    }
}
