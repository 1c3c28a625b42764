import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// Interactions as integrations and staff log them: linked to the person when the identifier matches (at ingest
/// or when the profile appears later), idempotent per channel and externalId, and following merge, erase and
/// export.
struct InteractionTests {
    static let system = Caller.system("interaction test")

    static func services(_ database: Database) async throws -> PatronServices {
        try await PatronServices(database: database, cipher: try await FieldCipher.load(.random(), database: database),
                                 hasher: BcryptPasswordHasher(cost: 4), signIn: .init(addresses: nil))
    }

    static func customer(_ services: PatronServices, name: String, mobile: String? = nil, openId: String? = nil) async throws -> Customer {
        guard case .created(let customer) = try await services.customers.create(
            CustomerDraft(name: name, mobile: mobile, sourceChannel: .store, wechatOpenId: openId), upsert: false, by: system, requestId: nil)
        else { throw Failure() }
        return customer
    }

    struct Failure: Error {}

    static func call(_ contact: Interaction.Contact?, customer: Customer.ID? = nil, externalId: String? = nil, minutesAgo: Double = 5,
                     channel: Interaction.Channel = .hotline) -> Interaction {
        Interaction(channel: channel, direction: .inbound, kind: .complaint, subject: "快递延误", body: "客户说包裹晚到三天",
                    customerId: customer, contact: contact, occurredAt: Date().addingTimeInterval(-minutesAgo * 60), externalId: externalId)
    }

    @Test func anUnidentifiedContactJoinsTheProfileThatAppearsLater() async throws {
        try await TestDatabase.with { database in
            let services = try await Self.services(database)
            let mobile = try MobileNumber("13912345678")
            let logged = try await services.interactions.log(Self.call(.mobile(mobile)), by: Self.system, requestId: nil).interaction
            #expect(logged.customerId == nil)
            let wechat = try await services.interactions.log(Self.call(.wechatOpenId("oAbc_123"), channel: .wechat), by: Self.system, requestId: nil)
            let person = try await Self.customer(services, name: "王芳", mobile: "139 1234 5678", openId: "oAbc_123")
            #expect(try await services.interactions.find(logged.id, by: Self.system).customerId == person.id)
            #expect(try await services.interactions.find(wechat.interaction.id, by: Self.system).customerId == person.id)
            let listed = try await services.interactions.list(customer: person.id, page: try PageRequest(limit: 10), by: Self.system)
            #expect(Set(listed.items.map(\.id)) == [logged.id, wechat.interaction.id])
        }
    }

    @Test func ingestLinksToAKnownProfileAndCatchesUpEarlierOnes() async throws {
        try await TestDatabase.with { database in
            let services = try await Self.services(database)
            let person = try await Self.customer(services, name: "李雷")
            let mobile = try MobileNumber("13712345678")
            let early = try await services.interactions.log(Self.call(.mobile(mobile), minutesAgo: 60), by: Self.system, requestId: nil).interaction
            _ = try await services.customers.update(person.id, CustomerDraft(mobile: "13712345678"), by: Self.system, requestId: nil)
            let later = try await services.interactions.log(Self.call(.mobile(mobile)), by: Self.system, requestId: nil).interaction
            #expect(later.customerId == person.id)
            #expect(try await services.interactions.find(early.id, by: Self.system).customerId == person.id)
            #expect(try await services.interactions.find(later.id, by: Self.system).body == "客户说包裹晚到三天")
        }
    }

    @Test func aRetriedIngestAnswersTheStoredInteractionsAndBadItemsAloneAreRefused() async throws {
        try await TestDatabase.with { database in
            let services = try await Self.services(database)
            let person = try await Self.customer(services, name: "韩梅梅")
            let first = try await services.interactions.ingest([Self.call(nil, customer: person.id, externalId: "cc-1"),
                                                                Self.call(nil, customer: person.id, externalId: "cc-2")], by: Self.system, requestId: nil)
            var bad = Self.call(nil, customer: person.id, externalId: "cc-3")
            bad.subject = ""
            let retry = try await services.interactions.ingest([Self.call(nil, customer: person.id, externalId: "cc-1"), bad,
                                                                Self.call(nil, customer: person.id, externalId: "cc-1", channel: .email)],
                                                               by: Self.system, requestId: nil)
            guard case .created(let one) = first[0], case .existing(let again) = retry[0], case .rejected(let error) = retry[1],
                  case .created = retry[2] else {
                Issue.record("unexpected outcomes \(first) \(retry)")
                return
            }
            #expect(one == again)
            #expect(error.field == "subject")
            await #expect(throws: PatronError.self) {
                _ = try await services.interactions.ingest([], by: Self.system, requestId: nil)
            }
            await #expect(throws: PatronError.self) {
                _ = try await services.interactions.log(Self.call(nil), by: Self.system, requestId: nil)
            }
        }
    }

    @Test func interactionsFollowMergeEraseAndExport() async throws {
        try await TestDatabase.with { database in
            let services = try await Self.services(database)
            let survivor = try await Self.customer(services, name: "张伟", mobile: "13600000001")
            let duplicate = try await Self.customer(services, name: "张伟", mobile: "13600000002")
            let moved = try await services.interactions.log(Self.call(nil, customer: duplicate.id), by: Self.system, requestId: nil).interaction
            _ = try await services.customers.merge(duplicate: duplicate.id, into: survivor.id, by: Self.system, requestId: nil)
            #expect(try await services.interactions.find(moved.id, by: Self.system).customerId == survivor.id)
            let export = try await services.customers.export(survivor.id, by: Self.system, requestId: nil)
            #expect(export.sections[.interactions]?.first?.fields["body"] == .text("客户说包裹晚到三天"))

            try await services.customers.erase(survivor.id, reason: "data subject request", by: Self.system, requestId: nil)
            let erased = try await services.interactions.find(moved.id, by: Self.system)
            #expect(erased.subject.isEmpty && erased.body == nil && erased.contact == nil)
            #expect(erased.channel == .hotline && erased.kind == .complaint)
        }
    }

    @Test func theTimelineSourcePagesNewestFirstWithoutRepeats() async throws {
        try await TestDatabase.with { database in
            let services = try await Self.services(database)
            let person = try await Self.customer(services, name: "刘洋")
            let at = Date().addingTimeInterval(-3_600)
            var logged: [Interaction.ID] = []
            for index in 0..<5 {
                var call = Self.call(nil, customer: person.id)
                call.occurredAt = index < 3 ? at : at.addingTimeInterval(Double(index))
                logged.append(try await services.interactions.log(call, by: Self.system, requestId: nil).interaction.id)
            }
            let source = SQLInteractionTimeline(database)
            var seen: [TimelineEntry] = []
            var cursor: TimelineCursor?
            while true {
                let page = try await source.entries(of: person.id, before: cursor, limit: 2)
                guard let last = page.last else { break }
                seen += page
                cursor = last.cursor
            }
            #expect(seen.count == 5)
            #expect(Set(seen.map(\.id)) == Set(logged.map { $0.uuidString.lowercased() }))
            #expect(zip(seen, seen.dropFirst()).allSatisfy { $1.cursor < $0.cursor })
            #expect(seen.allSatisfy { $0.kind == .interaction && $0.attributes["channel"] == "hotline" })
        }
    }
}
