import Foundation
import HTTPTypes
import HummingbirdTesting
import PatronCore
import Testing

/// Calendars, policies and the SLA report over HTTP, as a supervisor and an analyst use them.
struct SLAAPITests {
    static let calendar = #"""
    {"name":"Night desk","timeZone":"Asia/Shanghai",
     "weeklyHours":[{"weekday":5,"spans":[{"start":"22:00","end":"06:00"}]},{"weekday":1,"spans":[{"start":"09:00","end":"12:00"},{"start":"13:00","end":"18:00"}]}],
     "holidays":[{"date":"2026-10-01","name":"国庆节"}],
     "workingDays":[{"date":"2026-10-10","name":"调休"}]}
    """#

    @Test func aSupervisorKeepsCalendarsAndPolicies() async throws {
        try await TestApp.run { client, _ in
            let supervisor = try await TestApp.login(client, username: "cs.supervisor")
            let put = try await TestApp.send(client, .put, "/service-calendars/night_desk", token: supervisor, json: Self.calendar)
            #expect(put.status == .ok)
            #expect((put.json["workingDays"] as? [[String: Any]])?.first?["hoursOf"] as? Int == 1)
            let got = try await TestApp.send(client, .get, "/service-calendars/night_desk", token: supervisor)
            #expect(((got.json["weeklyHours"] as? [[String: Any]])?.first?["spans"] as? [[String: String]])?.first == ["start": "22:00", "end": "06:00"])
            let list = try await TestApp.send(client, .get, "/service-calendars", token: supervisor)
            #expect((list.json["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String }.contains("service_centre") == true)

            // Overlapping spans name the field.
            let overlapping = Self.calendar.replacingOccurrences(of: #""start":"13:00""#, with: #""start":"11:00""#)
            let refused = try await TestApp.send(client, .put, "/service-calendars/night_desk", token: supervisor, json: overlapping)
            #expect(refused.status.code == 422 || refused.status.code == 400)
            #expect(refused.error["field"] == "weeklyHours[1].spans[1]")
            let badDate = Self.calendar.replacingOccurrences(of: "2026-10-01", with: "2026-02-30")
            #expect(try await TestApp.send(client, .put, "/service-calendars/night_desk", token: supervisor, json: badDate).error["field"]
                == "holidays[0].date")

            let created = try await TestApp.send(client, .post, "/sla-policies", token: supervisor, json: #"""
                {"name":"E-mail urgent","channel":"email","priority":"urgent","firstResponseMinutes":30,"nextResponseMinutes":60,
                 "resolutionMinutes":480,"calendarCode":"night_desk"}
                """#)
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            let duplicate = try await TestApp.send(client, .post, "/sla-policies", token: supervisor, json: #"""
                {"name":"again","channel":"email","priority":"urgent","firstResponseMinutes":30,"nextResponseMinutes":60,"resolutionMinutes":480}
                """#)
            #expect(duplicate.status == .conflict)
            // The calendar a policy counts in cannot go.
            #expect(try await TestApp.send(client, .delete, "/service-calendars/night_desk", token: supervisor).status == .conflict)
            let replaced = try await TestApp.send(client, .put, "/sla-policies/\(id)", token: supervisor, json: #"""
                {"name":"E-mail urgent","channel":"email","priority":"urgent","firstResponseMinutes":20,"nextResponseMinutes":60,"resolutionMinutes":480}
                """#)
            #expect(replaced.json["firstResponseMinutes"] as? Int == 20)
            #expect(try await TestApp.send(client, .get, "/sla-policies/\(id)", token: supervisor).json["calendarCode"] == nil)
            #expect(try await TestApp.send(client, .delete, "/sla-policies/\(id)", token: supervisor).status == .noContent)
            #expect(try await TestApp.send(client, .delete, "/service-calendars/night_desk", token: supervisor).status == .noContent)
            #expect(try await TestApp.send(client, .get, "/sla-policies/\(id)", token: supervisor).status == .notFound)
            let tooLong = try await TestApp.send(client, .post, "/sla-policies", token: supervisor, json: #"""
                {"name":"x","priority":"low","firstResponseMinutes":525601,"nextResponseMinutes":1,"resolutionMinutes":1}
                """#)
            #expect(tooLong.status.code == 400 || tooLong.status.code == 422)
        }
    }

    @Test func analystsReadTheReportAndAgentsCannotEditPolicies() async throws {
        try await TestApp.run { client, _ in
            let analyst = try await TestApp.login(client, username: "analyst")
            let report = try await TestApp.send(client, .get, "/analytics/sla?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=week",
                                                token: analyst)
            #expect(report.status == .ok)
            #expect(report.json["groupBy"] as? String == "week")
            let backwards = try await TestApp.send(client, .get, "/analytics/sla?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z&groupBy=week",
                                                   token: analyst)
            #expect(backwards.error["field"] == "to")

            let agent = try await TestApp.login(client, username: "cs.agent")
            #expect(try await TestApp.send(client, .get, "/sla-policies", token: agent).status == .ok)
            let edit = try await TestApp.send(client, .put, "/service-calendars/service_centre", token: agent, json: Self.calendar)
            #expect(edit.status == .forbidden)
        }
    }
}
