import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func createInteraction(_ input: Operations.CreateInteraction.Input) async throws -> Operations.CreateInteraction.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        switch try await services.interactions.log(try interaction(body), by: caller, requestId: requestId) {
        case .created(let interaction): return .created(.init(body: .json(.init(interaction))))
        case .existing(let interaction): return .ok(.init(body: .json(.init(interaction))))
        }
    }

    func createInteractionsBatch(_ input: Operations.CreateInteractionsBatch.Input) async throws -> Operations.CreateInteractionsBatch.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        var parsed: [Result<Interaction, PatronError>] = []
        for (index, item) in body.interactions.enumerated() {
            do { parsed.append(.success(try interaction(item))) } catch let error as PatronError {
                parsed.append(.failure(.invalid(field: "interactions[\(index)].\(error.field ?? "")", message: error.message)))
            }
        }
        let valid = parsed.compactMap { try? $0.get() }
        var stored: IndexingIterator<[InteractionBatchOutcome]> = valid.isEmpty && !parsed.isEmpty ? [].makeIterator()
            : try await services.interactions.ingest(valid, by: caller, requestId: requestId).makeIterator()
        var results: [Components.Schemas.InteractionBatchResult.ResultsPayloadPayload] = []
        for (index, item) in parsed.enumerated() {
            let outcome: InteractionBatchOutcome = switch item {
            case .success: stored.next()!
            case .failure(let error): .rejected(error)
            }
            switch outcome {
            case .created(let id): results.append(.init(index: index, outcome: .created, interactionId: id.apiString))
            case .existing(let id): results.append(.init(index: index, outcome: .existing, interactionId: id.apiString))
            case .rejected(let error):
                results.append(.init(index: index, outcome: .rejected, error: .init(code: error.code, message: error.message, field: error.field)))
            }
        }
        return .ok(.init(body: .json(.init(results: results))))
    }

    func getInteraction(_ input: Operations.GetInteraction.Input) async throws -> Operations.GetInteraction.Output {
        .ok(.init(body: .json(.init(try await services.interactions.find(uuid(input.path.interactionId, field: "interactionId"), by: caller)))))
    }

    func listCustomerInteractions(_ input: Operations.ListCustomerInteractions.Input) async throws -> Operations.ListCustomerInteractions.Output {
        let page = try await services.interactions.list(customer: uuid(input.path.customerId, field: "customerId"),
                                                        page: PageRequest(cursor: input.query.cursor, limit: input.query.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Interaction.init), nextCursor: page.nextCursor))))
    }

    private func interaction(_ body: Components.Schemas.InteractionInput) throws -> Interaction {
        Interaction(channel: Interaction.Channel(rawValue: body.channel.rawValue) ?? .store,
                    direction: Interaction.Direction(rawValue: body.direction.rawValue) ?? .inbound,
                    kind: Interaction.Kind(rawValue: body.kind.rawValue) ?? .inquiry,
                    subject: body.subject, body: body.body,
                    staffId: try body.staffId.map { try uuid($0, field: "staffId") },
                    storeId: try body.storeId.map { try uuid($0, field: "storeId") },
                    customerId: try body.customerId.map { try uuid($0, field: "customerId") },
                    contact: try body.contact.map(Self.contact),
                    occurredAt: body.occurredAt,
                    ticketId: try body.ticketId.map { try uuid($0, field: "ticketId") },
                    externalId: body.externalId)
    }
}

extension APIHandler {
    /// The contact, with a refusal naming the JSON field rather than the domain's.
    static func contact(_ body: Components.Schemas.InteractionContact) throws(PatronError) -> Interaction.Contact {
        do {
            return try Interaction.Contact(kind: body.kind.rawValue, value: body.value)
        } catch {
            throw .invalid(field: "contact.value", message: error.message)
        }
    }
}

extension Components.Schemas.Interaction {
    init(_ i: Interaction) {
        self.init(id: i.id.apiString, channel: .init(rawValue: i.channel.rawValue) ?? .store, direction: .init(rawValue: i.direction.rawValue) ?? .inbound,
                  kind: .init(rawValue: i.kind.rawValue) ?? .inquiry, subject: i.subject, body: i.body, staffId: i.staffId?.apiString,
                  storeId: i.storeId?.apiString, customerId: i.customerId?.apiString,
                  contactKind: i.contact.flatMap { .init(rawValue: $0.kind) }, occurredAt: i.occurredAt, ticketId: i.ticketId?.apiString,
                  externalId: i.externalId, recordedAt: i.recordedAt)
    }
}
