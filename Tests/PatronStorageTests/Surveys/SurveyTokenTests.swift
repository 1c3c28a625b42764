import Foundation
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

/// Acceptance 2: a survey link answers once, expires, refuses what it did not issue, and a low score tells
/// the tickets module.
struct SurveyTokenTests {
    static let system = SurveyFixture.system
    static let good: [String: SurveyValue] = ["csat": .score(5), "nps": .score(10), "visit": .choice("buy"), "comment": .text("店员很耐心")]

    @Test func aLinkAnswersOnceAndThenSaysItWasUsed() async throws {
        try await TestDatabase.with { database in
            let f = try await SurveyFixture(database)
            let (token, template) = try await f.invitedToken()
            #expect(f.gateway.messages.first?.body.contains("https://patron.example/s/\(token)") == true)
            #expect(f.gateway.messages.first?.purpose == .surveyInvitation)
            let form = try await f.surveys.invitation(forToken: token, now: SurveyFixture.start)
            #expect(form.template.id == template.id)

            let answer = try await f.surveys.answer(token: token, values: Self.good, now: SurveyFixture.start.addingTimeInterval(60))
            #expect(answer.csat == 5 && answer.nps == 10 && !answer.lowScore)
            await #expect(throws: PatronError.linkUsed(resource: "survey")) {
                _ = try await f.surveys.answer(token: token, values: Self.good, now: SurveyFixture.start.addingTimeInterval(120))
            }
            await #expect(throws: PatronError.linkUsed(resource: "survey")) {
                _ = try await f.surveys.invitation(forToken: token, now: SurveyFixture.start.addingTimeInterval(120))
            }
            let invitations = try await f.surveys.invitations(customer: f.customer.id, status: nil, page: try PageRequest(limit: 10), by: Self.system)
            #expect(invitations.items.map(\.status) == [.answered])
        }
    }

    @Test func concurrentAnswersWithOneTokenStoreExactlyOne() async throws {
        try await TestDatabase.with { database in
            let f = try await SurveyFixture(database)
            let (token, _) = try await f.invitedToken()
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 {
                    group.addTask { (try? await f.surveys.answer(token: token, values: Self.good, now: SurveyFixture.start)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(f.recorder.notices.count == 1)
        }
    }

    @Test func anExpiredLinkIsRefusedAndMarkedExpired() async throws {
        try await TestDatabase.with { database in
            let f = try await SurveyFixture(database)
            let (token, template) = try await f.invitedToken()
            let late = SurveyFixture.start.addingTimeInterval(Double(template.validityDays) * 86_400)
            await #expect(throws: PatronError.linkExpired(resource: "survey")) {
                _ = try await f.surveys.answer(token: token, values: Self.good, now: late)
            }
            await #expect(throws: PatronError.linkExpired(resource: "survey")) {
                _ = try await f.surveys.invitation(forToken: token, now: late)
            }
            #expect(try await f.surveys.sendDue(at: late, by: Self.system).expired == 1)
            let invitations = try await f.surveys.invitations(customer: f.customer.id, status: .expired, page: try PageRequest(limit: 10), by: Self.system)
            #expect(invitations.items.count == 1)
            #expect(f.recorder.notices.isEmpty)
            await #expect(throws: PatronError.linkExpired(resource: "survey")) {
                _ = try await f.surveys.answer(token: token, values: Self.good, now: SurveyFixture.start)
            }
        }
    }

    @Test func aTokenNeverIssuedIsNotFound() async throws {
        try await TestDatabase.with { database in
            let f = try await SurveyFixture(database)
            let (token, _) = try await f.invitedToken()
            for wrong in [RandomSecretIssuer().newSecret(prefix: ""), String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A"), "",
                          String(repeating: "x", count: 10_000)] {
                await #expect(throws: PatronError.notFound(resource: "survey link", id: "given")) {
                    _ = try await f.surveys.answer(token: wrong, values: Self.good, now: SurveyFixture.start)
                }
            }
            #expect(f.recorder.notices.isEmpty)
            _ = try await f.surveys.answer(token: token, values: Self.good, now: SurveyFixture.start)
        }
    }

    @Test func aLowScorePublishesALowScoreNoticeAboutTheInvitation() async throws {
        try await TestDatabase.with { database in
            let f = try await SurveyFixture(database)
            let (token, _) = try await f.invitedToken()
            let answer = try await f.surveys.answer(token: token, values: ["csat": .score(2), "nps": .score(8)], now: SurveyFixture.start)
            let notice = try #require(f.recorder.notices.first)
            #expect(notice.lowScore && answer.lowScore)
            #expect(notice.customerId == f.customer.id && notice.storeId == f.store.id && notice.answerId == answer.id)
            #expect(notice.scoreSummary == "CSAT 2/5 · NPS 8/10")

            let (second, _) = try await f.invitedToken()
            _ = try await f.surveys.answer(token: second, values: ["csat": .score(3), "nps": .score(6)], now: SurveyFixture.start)
            #expect(f.recorder.notices.map(\.lowScore) == [true, true])
            let (third, _) = try await f.invitedToken()
            _ = try await f.surveys.answer(token: third, values: ["csat": .score(3), "nps": .score(7)], now: SurveyFixture.start)
            #expect(f.recorder.notices.map(\.lowScore) == [true, true, false])
        }
    }

    @Test func answersOutsideTheQuestionsAreRefusedAndLeaveTheLinkOpen() async throws {
        try await TestDatabase.with { database in
            let f = try await SurveyFixture(database)
            let (token, _) = try await f.invitedToken()
            let bad: [([String: SurveyValue], String)] = [
                (["csat": .score(6), "nps": .score(1)], "answers.csat"),
                (["csat": .score(3), "nps": .score(11)], "answers.nps"),
                (["csat": .score(3)], "answers.nps"),
                (["csat": .score(3), "nps": .score(1), "visit": .choice("dance")], "answers.visit"),
                (["csat": .score(3), "nps": .score(1), "comment": .text(String(repeating: "长", count: 2_001))], "answers.comment"),
                (["csat": .score(3), "nps": .score(1), "other": .score(1)], "answers.other"),
                (["csat": .text("5"), "nps": .score(1)], "answers.csat"),
            ]
            for (values, field) in bad {
                do {
                    _ = try await f.surveys.answer(token: token, values: values, now: SurveyFixture.start)
                    Issue.record("\(field) must be refused")
                } catch let error as PatronError {
                    #expect(error.field == field)
                }
            }
            _ = try await f.surveys.answer(token: token, values: Self.good, now: SurveyFixture.start)
        }
    }

    @Test func commentsAreSealedAndCountedResultsFollowTheAnswers() async throws {
        try await TestDatabase.with { database in
            let f = try await SurveyFixture(database)
            for (csat, nps) in [(5, 10), (4, 9), (2, 3), (1, 7)] {
                let (token, _) = try await f.invitedToken()
                _ = try await f.surveys.answer(token: token, values: ["csat": .score(csat), "nps": .score(nps), "comment": .text("意见\(csat)")],
                                               now: SurveyFixture.start)
            }
            let stored = try await database.read { sql in
                try await sql.select().column("comments").from("survey_answers").all().map { try $0.decode(column: "comments", as: Data.self) }
            }
            #expect(stored.count == 4 && stored.allSatisfy { !String(decoding: $0, as: UTF8.self).contains("意见") })

            let query = SurveyResultsQuery(from: SurveyFixture.start.addingTimeInterval(-86_400), to: SurveyFixture.start.addingTimeInterval(86_400),
                                           groupBy: .store)
            let results = try await f.surveys.results(query, by: Self.system)
            #expect(results.overall.csatAverage == 3.0)
            #expect(results.overall.satisfiedPercent == 50)
            #expect(results.overall.nps == 25)
            #expect(results.groups.map(\.key) == [f.store.id.uuidString.lowercased()])
            #expect(Set(results.comments.map(\.text)) == ["意见5", "意见4", "意见2", "意见1"])

            let analyst = Caller(identity: .system("analyst"), grants: Grants(everywhere: [.analyticsView]))
            #expect(try await f.surveys.results(query, by: analyst).comments.isEmpty)
            let nobody = Caller(identity: .system("nobody"), grants: Grants(everywhere: [.customersRead]))
            await #expect(throws: PatronError.self) { _ = try await f.surveys.results(query, by: nobody) }
        }
    }
}
