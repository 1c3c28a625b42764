import Foundation
@testable import PatronCore
import Testing

/// Consent per purpose and channel: the proof each record must carry, and which record is in force.
@Suite struct PurposeConsentTests {
    let customer = UUID()
    let start = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z

    func record(_ purpose: MessagePurpose = .marketing, _ channel: OutboundMessage.Channel = .sms, granted: Bool,
                hours: Double, id: UUID = UUID(), customerId: Customer.ID? = nil) throws -> PurposeConsent {
        try PurposeConsent(id: id, customerId: customerId ?? customer, purpose: purpose, channel: channel, granted: granted,
                           recordedAt: start.addingTimeInterval(hours * 3600), source: "store_signup_form",
                           recordedBy: "staff:alice", textVersion: granted ? "2026-01" : nil)
    }

    func consents(_ records: [PurposeConsent]) -> PurposeConsents {
        PurposeConsents(customerId: customer, records: records)
    }

    @Test func aGrantKeepsItsProof() throws {
        let grant = try PurposeConsent(customerId: customer, purpose: .service, channel: .wechat, granted: true, recordedAt: start,
                                       source: "wechat_mini_program", recordedBy: nil, textVersion: "v3.2")
        #expect(grant.source == "wechat_mini_program")
        #expect(grant.textVersion == "v3.2")
        #expect(grant.recordedBy == nil)
        #expect(consents([grant]).state(purpose: .service, channel: .wechat) == .granted(grant))
    }

    @Test func aGrantWithoutTextVersionIsRejected() {
        #expect(throws: PatronError.invalid(field: "textVersion",
                                            message: "a grant must name the version of the wording the customer agreed to")) {
            try PurposeConsent(customerId: customer, purpose: .marketing, channel: .sms, granted: true, recordedAt: start,
                               source: "api", recordedBy: nil, textVersion: nil)
        }
    }

    @Test func aWithdrawalNeedsNoTextVersion() throws {
        let withdrawal = try PurposeConsent(customerId: customer, purpose: .marketing, channel: .sms, granted: false,
                                            recordedAt: start, source: "hotline", recordedBy: "staff:bob", textVersion: nil)
        #expect(consents([withdrawal]).state(purpose: .marketing, channel: .sms) == .withdrawn(withdrawal))
    }

    @Test(arguments: ["", "Store_Form", "store-form", "store form", "门店", String(repeating: "a", count: 65)])
    func invalidSourcesAreRejected(source: String) {
        #expect(throws: PatronError.self) {
            try PurposeConsent(customerId: customer, purpose: .marketing, channel: .sms, granted: true, recordedAt: start,
                               source: source, recordedBy: nil, textVersion: "v1")
        }
    }

    @Test func sourceAndTextVersionLimitsAreInclusive() throws {
        _ = try PurposeConsent(customerId: customer, purpose: .marketing, channel: .sms, granted: true, recordedAt: start,
                               source: String(repeating: "a", count: 64), recordedBy: nil, textVersion: String(repeating: "v", count: 32))
        _ = try PurposeConsent(customerId: customer, purpose: .marketing, channel: .sms, granted: true, recordedAt: start,
                               source: "a", recordedBy: nil, textVersion: "1")
    }

    @Test(arguments: ["", "   ", String(repeating: "v", count: 33)])
    func invalidTextVersionsAreRejected(textVersion: String) {
        #expect(throws: PatronError.self) {
            try PurposeConsent(customerId: customer, purpose: .marketing, channel: .sms, granted: true, recordedAt: start,
                               source: "api", recordedBy: nil, textVersion: textVersion)
        }
    }

    @Test func withdrawalAfterGrantWithdraws() throws {
        let grant = try record(granted: true, hours: 0)
        let withdrawal = try record(granted: false, hours: 1)
        #expect(consents([grant, withdrawal]).state(purpose: .marketing, channel: .sms) == .withdrawn(withdrawal))
    }

    @Test func reGrantAfterWithdrawalGrantsAgain() throws {
        let grant = try record(granted: true, hours: 0)
        let withdrawal = try record(granted: false, hours: 1)
        let regrant = try record(granted: true, hours: 2)
        #expect(consents([grant, withdrawal, regrant]).state(purpose: .marketing, channel: .sms) == .granted(regrant))
    }

    @Test func theLatestRecordWinsWhateverTheInputOrder() throws {
        let records = [try record(granted: true, hours: 5), try record(granted: false, hours: 9), try record(granted: true, hours: 1)]
        for permutation in [records, Array(records.reversed()), [records[1], records[0], records[2]]] {
            #expect(consents(permutation).state(purpose: .marketing, channel: .sms) == .withdrawn(records[1]))
            #expect(consents(permutation).history.map(\.id) == [records[1].id, records[0].id, records[2].id])
        }
    }

    @Test func aTieAtTheSameInstantIsBrokenById() throws {
        let low = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
        let high = UUID(uuidString: "FFFFFFFF-0000-0000-0000-000000000001")!
        let withdrawal = try record(granted: false, hours: 3, id: high)
        let grant = try record(granted: true, hours: 3, id: low)
        #expect(consents([grant, withdrawal]).state(purpose: .marketing, channel: .sms) == .withdrawn(withdrawal))
        #expect(consents([withdrawal, grant]).state(purpose: .marketing, channel: .sms) == .withdrawn(withdrawal))
    }

    @Test func eachPurposeAndChannelStandsAlone() throws {
        let state = consents([try record(.marketing, .sms, granted: true, hours: 0), try record(.service, .email, granted: false, hours: 0)])
        #expect(state.state(purpose: .marketing, channel: .email) == .unknown)
        #expect(state.state(purpose: .service, channel: .sms) == .unknown)
        #expect(state.state(purpose: .transactional, channel: .sms) == .unknown)
        if case .withdrawn = state.state(purpose: .service, channel: .email) {} else { Issue.record("service e-mail should be withdrawn") }
        if case .granted = state.state(purpose: .marketing, channel: .sms) {} else { Issue.record("marketing SMS should be granted") }
    }

    @Test func anotherCustomersRecordsAreIgnored() throws {
        let stranger = try record(granted: true, hours: 0, customerId: UUID())
        let state = consents([stranger])
        #expect(state.state(purpose: .marketing, channel: .sms) == .unknown)
        #expect(state.history.isEmpty)
    }
}
