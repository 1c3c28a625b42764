import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// Service calendars in the console: weekly hours as one line per weekday (`09:00-12:00, 13:00-18:00`),
/// holidays and make-up working days as lines one can paste from the State Council's notice
/// (`2026-10-01 国庆节`, `2026-10-10 1 调休` — the optional digit is the weekday whose hours apply).
extension Console {
    func slaCalendarList(_ console: ConsoleRequest) async throws -> Response {
        let calendars = try await services.sla.calendars(by: console.caller)
        let rows: [[String: Any]] = calendars.map { calendar in
            ["code": calendar.code, "name": calendar.name, "timeZone": calendar.timeZone,
             "scope": calendar.storeId == nil ? text("sla_calendars.chain", console) : text("sla_calendars.store", console),
             "holidays": ConsoleFormat.number(calendar.holidays.count), "workingDays": ConsoleFormat.number(calendar.workingDays.count)]
        }
        var data: [String: Any] = ["rows": rows, "hasRows": !rows.isEmpty, "canManage": console.holds(.ticketsSupervise)]
        if let notice = doneNotice(console) { data["notice"] = notice }
        return page("sla-calendars", titleKey: "sla_calendars.title", data: data, console)
    }

    func slaCalendarForm(_ console: ConsoleRequest, code: String?) async throws -> Response {
        try console.caller.require(.ticketsSupervise)
        guard let code else {
            var values = ["timeZone": "Asia/Shanghai"]
            for day in 1...5 { values["hours\(day)"] = "09:00-12:00, 13:00-18:00" }
            return try await slaCalendarPage(console, code: nil, values: values, errors: [:])
        }
        let calendar = try await services.sla.calendar(code, by: console.caller)
        return try await slaCalendarPage(console, code: code, values: Self.formValues(calendar), errors: [:])
    }

    static func formValues(_ calendar: BusinessCalendar) -> [String: String] {
        var values = ["code": calendar.code, "name": calendar.name, "timeZone": calendar.timeZone,
                      "storeId": calendar.storeId?.uuidString.lowercased() ?? ""]
        for day in calendar.weeklyHours {
            values["hours\(day.weekday)"] = day.spans.map { "\($0.start)-\($0.end)" }.joined(separator: ", ")
        }
        values["holidays"] = calendar.holidays.map { "\($0.date) \($0.name)" }.joined(separator: "\n")
        values["workingDays"] = calendar.workingDays.map { "\($0.date) \($0.hoursOf) \($0.name)" }.joined(separator: "\n")
        return values
    }

    /// POST: creates (no code in the path) or replaces a calendar; refusals are shown beside their field (422).
    func saveSLACalendar(_ console: ConsoleRequest, code pathCode: String?) async throws -> Response {
        try console.caller.require(.ticketsSupervise)
        if let pathCode { _ = try await services.sla.calendar(pathCode, by: console.caller) }
        let form = console.form
        var values: [String: String] = [:]
        for field in ["code", "name", "storeId", "timeZone", "holidays", "workingDays"] + (1...7).map({ "hours\($0)" }) {
            values[field] = form[field] ?? ""
        }
        if let pathCode { values["code"] = pathCode }
        var errors: [String: String] = [:]
        do {
            let calendar = try Self.calendar(from: values)
            _ = try await services.sla.saveCalendar(calendar, by: console.caller, requestId: console.requestId)
            return redirect(to: "/console/sla/calendars?done=\(pathCode == nil ? "created" : "saved")")
        } catch {
            for (field, message) in try Self.fieldErrors(error, default: "name") {
                // `hours5.end`, `holidays[3].date`, `weeklyHours[0].spans[1]`: the form field is the first part.
                let head = String(field.prefix { $0 != "." && $0 != "[" })
                let formField = head == "weeklyHours" ? "hours" : head
                errors[formField] = message
            }
        }
        return try await slaCalendarPage(console, code: pathCode, values: values, errors: errors, status: .unprocessableContent)
    }

    func deleteSLACalendar(_ console: ConsoleRequest, code: String?) async throws -> Response {
        guard let code else { return notFound(console) }
        try await services.sla.deleteCalendar(code, by: console.caller, requestId: console.requestId)
        return redirect(to: "/console/sla/calendars?done=deleted")
    }

    /// The calendar the form describes; a line that does not parse is `invalid` naming the form field.
    static func calendar(from values: [String: String]) throws(PatronError) -> BusinessCalendar {
        var weekly: [BusinessCalendar.WeekdayHours] = []
        for day in 1...7 {
            let line = values["hours\(day)"] ?? ""
            var spans: [OpeningSpan] = []
            for part in line.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
                let ends = part.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
                guard ends.count == 2 else { throw .invalid(field: "hours\(day)", message: "expected spans as 09:00-12:00, 13:00-18:00") }
                spans.append(try OpeningSpan(ends[0], ends[1], field: "hours\(day)"))
            }
            if !spans.isEmpty { weekly.append(.init(weekday: day, spans: spans)) }
        }
        var holidays: [BusinessCalendar.Holiday] = []
        for line in Self.lines(values["holidays"]) {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            holidays.append(.init(date: try ServiceDate(iso: parts[0], field: "holidays"), name: parts.count > 1 ? parts[1] : parts[0]))
        }
        var workingDays: [BusinessCalendar.WorkingDay] = []
        for line in Self.lines(values["workingDays"]) {
            var parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            let date = try ServiceDate(iso: parts.removeFirst(), field: "workingDays")
            var hoursOf = 1
            if let first = parts.first, first.count == 1, let weekday = Int(first) {
                hoursOf = weekday
                parts.removeFirst()
            }
            workingDays.append(.init(date: date, hoursOf: hoursOf, name: parts.first ?? date.description))
        }
        var storeId: UUID?
        if let raw = values["storeId"], !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw .invalid(field: "storeId", message: "choose a store") }
            storeId = id
        }
        return BusinessCalendar(code: values["code"] ?? "", name: values["name"] ?? "", storeId: storeId, timeZone: values["timeZone"] ?? "",
                                weeklyHours: weekly, holidays: holidays, workingDays: workingDays)
    }

    /// Non-empty trimmed lines, at most 1,000 (the most a calendar holds).
    static func lines(_ text: String?) -> [String] {
        Array((text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.prefix(1_001))
    }

    func slaCalendarPage(_ console: ConsoleRequest, code: String?, values: [String: String], errors: [String: String],
                         status: HTTPResponse.Status = .ok) async throws -> Response {
        var zones = Self.storeTimeZones
        if let current = values["timeZone"], !current.isEmpty, !zones.contains(current) { zones.append(current) }
        let stores = console.holds(.storesRead) ? try await services.stores.list(try PageRequest(limit: 200), by: console.caller).items : []
        let selectedStore = values["storeId"] ?? ""
        var storeChoices: [[String: Any]] = [["value": "", "label": text("sla_calendars.chain", console), "selected": selectedStore.isEmpty]]
        storeChoices += stores.map { ["value": $0.id.uuidString.lowercased(), "label": "\($0.code) \($0.name)",
                                      "selected": $0.id.uuidString.lowercased() == selectedStore] as [String: Any] }
        if !selectedStore.isEmpty, !stores.contains(where: { $0.id.uuidString.lowercased() == selectedStore }) {
            storeChoices.append(["value": selectedStore, "label": selectedStore, "selected": true])
        }
        let days: [[String: Any]] = (1...7).map { day in
            var row: [String: Any] = ["name": "hours\(day)", "label": text("sla_common.weekday.\(day)", console), "value": values["hours\(day)"] ?? ""]
            if day == 1, let error = errors["hours"] { row["error"] = error }
            if let error = errors["hours\(day)"] { row["error"] = error }
            return row
        }
        let data: [String: Any] = [
            "values": values, "errors": errors, "isNew": code == nil, "days": days, "stores": storeChoices,
            "zones": zones.map { ["value": $0, "selected": $0 == values["timeZone"]] as [String: Any] },
            "action": code.map { "/console/sla/calendars/\($0)" } ?? "/console/sla/calendars",
        ]
        return page(status: status, "sla-calendar", titleKey: code == nil ? "sla_calendars.new" : "sla_calendars.edit_title",
                    titleValues: ["name": values["name"] ?? ""], data: data, console)
    }
}
