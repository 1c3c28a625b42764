import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// The anonymous suggestion box: a flood is limited per address, the code shows the status, moderation
/// needs its permission, and what the person wrote or left as contact is sealed.
struct SuggestionBoxTests {
    static let system = Caller.system("suggestion test")
    static let draft = SuggestionDraft(text: "请周末早点开门，谢谢！", category: .store, contact: "13700137000")

    func services(_ database: Database, gateway: CapturingGateway = CapturingGateway()) async throws -> PatronServices {
        try await PatronServices(database: database, cipher: try await FieldCipher.load(.random(), database: database),
                                 hasher: BcryptPasswordHasher(cost: 4), signIn: .init(addresses: nil), gateway: gateway)
    }

    @Test func aFloodFromOneAddressIsRefusedForThatAddressOnly() async throws {
        try await TestDatabase.with { database in
            let suggestions = try await services(database).suggestions
            let now = Date()
            for _ in 0..<5 { _ = try await suggestions.submit(Self.draft, clientAddress: "203.0.113.7", now: now) }
            await #expect(throws: PatronError.tooManyRequests(retryAfterSeconds: 3_600)) {
                _ = try await suggestions.submit(Self.draft, clientAddress: "203.0.113.7", now: now)
            }
            _ = try await suggestions.submit(Self.draft, clientAddress: "198.51.100.4", now: now)
            _ = try await suggestions.submit(Self.draft, clientAddress: "203.0.113.7", now: now.addingTimeInterval(3_601))
            let stored = try await suggestions.list(SuggestionFilter(), page: try PageRequest(limit: 50), by: Self.system)
            #expect(stored.items.count == 7)
        }
    }

    @Test func theCodeShowsTheStatusAndThePublicReplyOnly() async throws {
        try await TestDatabase.with { database in
            let gateway = CapturingGateway()
            let suggestions = try await services(database, gateway: gateway).suggestions
            let receipt = try await suggestions.submit(Self.draft, clientAddress: nil)
            #expect(receipt.code.wholeMatch(of: /S-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/) != nil)
            #expect(try await suggestions.status(code: receipt.code).status == .received)
            let typed = receipt.code.lowercased().replacingOccurrences(of: "-", with: " ")
            #expect(try await suggestions.status(code: typed).status == .received)
            await #expect(throws: PatronError.notFound(resource: "suggestion", id: "with this code")) {
                _ = try await suggestions.status(code: "S-2222-2222")
            }

            let id = try #require(try await suggestions.list(SuggestionFilter(), page: try PageRequest(limit: 5), by: Self.system).items.first?.id)
            let routed = try await suggestions.moderate(id, SuggestionChange(department: .storeManagement), by: Self.system)
            #expect(routed.status == .routed && routed.department == .storeManagement)
            #expect(gateway.messages.isEmpty)
            let answered = try await suggestions.moderate(id, SuggestionChange(publicReply: "本月起周末提前到九点开门。"), by: Self.system)
            #expect(answered.status == .answered && answered.replySent)
            #expect(gateway.messages.map(\.recipient) == ["+8613700137000"])
            #expect(gateway.messages.first?.purpose == .suggestionReply)
            let view = try await suggestions.status(code: receipt.code)
            #expect(view.status == .answered && view.publicReply == "本月起周末提前到九点开门。")
            #expect(try await suggestions.moderate(id, SuggestionChange(status: .closed), by: Self.system).status == .closed)
            await #expect(throws: PatronError.self) { _ = try await suggestions.moderate(id, SuggestionChange(status: .received), by: Self.system) }

            let raw = try await database.read { sql in
                try await sql.select().columns("body", "contact").from("suggestions").first()
            }
            let body = try #require(try raw?.decode(column: "body", as: Data.self))
            let contact = try #require(try raw?.decode(column: "contact", as: Data.self))
            #expect(!String(decoding: body, as: UTF8.self).contains("开门") && !String(decoding: contact, as: UTF8.self).contains("13700137000"))
        }
    }

    @Test func moderationNeedsItsPermissionAndTheFormItsRules() async throws {
        try await TestDatabase.with { database in
            let suggestions = try await services(database).suggestions
            let receipt = try await suggestions.submit(SuggestionDraft(text: "The app login page is slow", category: .websiteApp), clientAddress: nil)
            #expect(!receipt.code.isEmpty)
            let cashier = Caller(identity: .system("cashier"), grants: Grants(everywhere: [.customersRead, .ordersWrite]))
            await #expect(throws: PatronError.self) { _ = try await suggestions.list(SuggestionFilter(), page: try PageRequest(limit: 5), by: cashier) }
            let moderator = Caller(identity: .system("moderator"), grants: Grants(everywhere: [.suggestionsModerate]))
            let items = try await suggestions.list(SuggestionFilter(status: .received), page: try PageRequest(limit: 5), by: moderator).items
            #expect(items.map(\.text) == ["The app login page is slow"] && items.first?.contact == nil)
            await #expect(throws: PatronError.self) {
                _ = try await suggestions.moderate(items[0].id, SuggestionChange(status: .rejected), by: cashier)
            }
            for (draft, field) in [(SuggestionDraft(text: "too short", category: .other), "text"),
                                   (SuggestionDraft(text: String(repeating: "长", count: 2_001), category: .other), "text"),
                                   (SuggestionDraft(text: "A long enough suggestion", category: .other, contact: "call me maybe"), "contact")] {
                do {
                    _ = try await suggestions.submit(draft, clientAddress: nil)
                    Issue.record("\(field) must be refused")
                } catch let error as PatronError {
                    #expect(error.field == field)
                }
            }
        }
    }
}
