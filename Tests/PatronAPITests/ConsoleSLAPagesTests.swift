import Foundation
import HTTPTypes
import HummingbirdTesting
import PatronCore
import Testing

/// A customer-service supervisor keeps the service calendar and the policies in the console; an agent
/// reads the policies and the report but cannot change them.
struct ConsoleSLAPagesTests {
    @Test func aSupervisorPastesHolidaysAndEditsAPolicy() async throws {
        try await TestApp.run { client, _ in
            var browser = ConsoleBrowser(client)
            try await browser.signIn("cs.supervisor", password: TestApp.adminPassword)
            let form = try await browser.get("/console/sla/calendars/new")
            #expect(form.status == .ok && form.has(id: "sla-calendar-form"))

            var fields: [(String, String)] = [("code", "night_desk"), ("name", "夜间热线"), ("storeId", ""), ("timeZone", "Asia/Shanghai"),
                                              ("hours5", "22:00-06:00"), ("hours1", "09:00-12:00, 13:00-18:00"),
                                              ("holidays", "2026-10-01 国庆节\n2026-10-02 国庆节\n"), ("workingDays", "2026-10-10 调休\n2026-09-20 6 调休")]
            let saved = try await browser.post("/console/sla/calendars", fields)
            #expect(saved.status == .seeOther, "\(saved.status) \(saved.body.prefix(300))")
            let stored = try await TestApp.send(client, .get, "/service-calendars/night_desk", token: try await TestApp.login(client)).json
            #expect((stored["holidays"] as? [[String: Any]])?.count == 2)
            #expect((stored["workingDays"] as? [[String: Any]])?.compactMap { $0["hoursOf"] as? Int } == [1, 6])

            // A span that is no time is shown beside its weekday.
            fields[4] = ("hours5", "22:00-6pm")
            fields[0] = ("code", "night_desk_2")
            let refused = try await browser.post("/console/sla/calendars", fields)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("field-error"))

            let policy = try await browser.get("/console/sla/policies/\(SLADefaults.policies[1].id.uuidString.lowercased())")
            #expect(policy.has(id: "sla-policy-form"))
            let changed = try await browser.post("/console/sla/policies/\(SLADefaults.policies[1].id.uuidString.lowercased())", [
                ("name", "any · normal"), ("channel", ""), ("priority", "normal"), ("firstResponse", "120"), ("nextResponse", "240"),
                ("resolution", "2400"), ("calendarCode", "night_desk"),
            ])
            #expect(changed.status == .seeOther)
            let list = try await browser.get("/console/sla/policies")
            #expect(list.has(id: "sla-policy-list") && list.body.contains("night_desk"))

            let report = try await browser.get("/console/sla/report?groupBy=channel")
            #expect(report.status == .ok && report.has(id: "sla-report-filters"))
        }
    }

    @Test func anAgentReadsButCannotEdit() async throws {
        try await TestApp.run { client, _ in
            var browser = ConsoleBrowser(client)
            try await browser.signIn("cs.agent", password: TestApp.adminPassword)
            let list = try await browser.get("/console/sla/policies")
            #expect(list.status == .ok && !list.has(id: "new-sla-policy"))
            #expect(try await browser.get("/console/sla/calendars/service_centre").status == .forbidden)
            #expect(try await browser.get("/console/sla/report").status == .ok)
        }
    }
}
