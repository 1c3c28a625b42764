import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func listServiceCalendars(_ input: Operations.ListServiceCalendars.Input) async throws -> Operations.ListServiceCalendars.Output {
        .ok(.init(body: .json(.init(items: try await services.sla.calendars(by: caller).map(Components.Schemas.ServiceCalendar.init), nextCursor: nil))))
    }

    func getServiceCalendar(_ input: Operations.GetServiceCalendar.Input) async throws -> Operations.GetServiceCalendar.Output {
        .ok(.init(body: .json(.init(try await services.sla.calendar(input.path.calendarCode, by: caller)))))
    }

    /// Creates or replaces; answers 200 with the calendar either way.
    func putServiceCalendar(_ input: Operations.PutServiceCalendar.Input) async throws -> Operations.PutServiceCalendar.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let calendar = try Self.calendar(code: input.path.calendarCode, body)
        _ = try await services.sla.saveCalendar(calendar, by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(calendar))))
    }

    func deleteServiceCalendar(_ input: Operations.DeleteServiceCalendar.Input) async throws -> Operations.DeleteServiceCalendar.Output {
        try await services.sla.deleteCalendar(input.path.calendarCode, by: caller, requestId: requestId)
        return .noContent(.init())
    }

    func listSLAPolicies(_ input: Operations.ListSLAPolicies.Input) async throws -> Operations.ListSLAPolicies.Output {
        .ok(.init(body: .json(.init(items: try await services.sla.policies(by: caller).map(Components.Schemas.SLAPolicy.init), nextCursor: nil))))
    }

    func getSLAPolicy(_ input: Operations.GetSLAPolicy.Input) async throws -> Operations.GetSLAPolicy.Output {
        .ok(.init(body: .json(.init(try await services.sla.policy(uuid(input.path.policyId, field: "policyId"), by: caller)))))
    }

    func createSLAPolicy(_ input: Operations.CreateSLAPolicy.Input) async throws -> Operations.CreateSLAPolicy.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let policy = try Self.policy(id: UUID(), body)
        _ = try await services.sla.savePolicy(policy, by: caller, requestId: requestId)
        return .created(.init(body: .json(.init(policy))))
    }

    /// Replaces an existing policy; an unknown id is 404 (new policies are POSTed).
    func putSLAPolicy(_ input: Operations.PutSLAPolicy.Input) async throws -> Operations.PutSLAPolicy.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let id = try uuid(input.path.policyId, field: "policyId")
        _ = try await services.sla.policy(id, by: caller)
        let policy = try Self.policy(id: id, body)
        _ = try await services.sla.savePolicy(policy, by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(policy))))
    }

    func deleteSLAPolicy(_ input: Operations.DeleteSLAPolicy.Input) async throws -> Operations.DeleteSLAPolicy.Output {
        try await services.sla.deletePolicy(uuid(input.path.policyId, field: "policyId"), by: caller, requestId: requestId)
        return .noContent(.init())
    }

    func getSLAReport(_ input: Operations.GetSLAReport.Input) async throws -> Operations.GetSLAReport.Output {
        let zoneName = input.query.timeZone ?? "Asia/Shanghai"
        guard let zone = TimeZone(identifier: zoneName) else { throw PatronError.invalid(field: "timeZone", message: "not an IANA time zone") }
        let report = try await services.sla.report(from: input.query.from, to: input.query.to,
                                                   groupBy: SLAReport.Grouping(name: input.query.groupBy.rawValue), timeZone: zone, by: caller)
        return .ok(.init(body: .json(.init(report))))
    }

    static func calendar(code: String, _ body: Components.Schemas.ServiceCalendarInput) throws(PatronError) -> BusinessCalendar {
        var weekly: [BusinessCalendar.WeekdayHours] = []
        for (index, day) in body.weeklyHours.enumerated() {
            var spans: [OpeningSpan] = []
            for (spanIndex, span) in day.spans.enumerated() {
                spans.append(try OpeningSpan(span.start, span.end, field: "weeklyHours[\(index)].spans[\(spanIndex)]"))
            }
            weekly.append(.init(weekday: day.weekday, spans: spans))
        }
        var holidays: [BusinessCalendar.Holiday] = []
        for (index, holiday) in (body.holidays ?? []).enumerated() {
            holidays.append(.init(date: try ServiceDate(iso: holiday.date, field: "holidays[\(index)].date"), name: holiday.name))
        }
        var workingDays: [BusinessCalendar.WorkingDay] = []
        for (index, day) in (body.workingDays ?? []).enumerated() {
            workingDays.append(.init(date: try ServiceDate(iso: day.date, field: "workingDays[\(index)].date"), hoursOf: day.hoursOf ?? 1, name: day.name))
        }
        var storeId: UUID?
        if let raw = body.storeId {
            guard let id = UUID(uuidString: raw) else { throw .invalid(field: "storeId", message: "storeId must be a UUID") }
            storeId = id
        }
        return BusinessCalendar(code: code, name: body.name, storeId: storeId, timeZone: body.timeZone, weeklyHours: weekly,
                                holidays: holidays, workingDays: workingDays)
    }

    static func policy(id: UUID, _ body: Components.Schemas.SLAPolicyInput) throws(PatronError) -> SLAPolicy {
        guard let priority = SLAPriority(rawValue: body.priority.rawValue) else {
            throw .invalid(field: "priority", message: "priority must be low, normal, high or urgent")
        }
        return SLAPolicy(id: id, name: body.name, channel: body.channel?.rawValue, priority: priority,
                         firstResponseMinutes: body.firstResponseMinutes, nextResponseMinutes: body.nextResponseMinutes,
                         resolutionMinutes: body.resolutionMinutes, calendarCode: body.calendarCode)
    }
}

extension Components.Schemas.ServiceCalendar {
    init(_ calendar: BusinessCalendar) {
        self.init(code: calendar.code, name: calendar.name, storeId: calendar.storeId?.apiString, timeZone: calendar.timeZone,
                  weeklyHours: calendar.weeklyHours.map { day in
                      .init(weekday: day.weekday, spans: day.spans.map { .init(start: $0.start, end: $0.end) })
                  },
                  holidays: calendar.holidays.map { .init(date: $0.date.description, name: $0.name) },
                  workingDays: calendar.workingDays.map { .init(date: $0.date.description, hoursOf: $0.hoursOf, name: $0.name) })
    }
}

extension Components.Schemas.SLAPolicy {
    init(_ policy: SLAPolicy) {
        self.init(id: policy.id.apiString, name: policy.name, channel: policy.channel, priority: policy.priority.rawValue,
                  firstResponseMinutes: policy.firstResponseMinutes, nextResponseMinutes: policy.nextResponseMinutes,
                  resolutionMinutes: policy.resolutionMinutes, calendarCode: policy.calendarCode)
    }
}

extension Components.Schemas.SLAReport {
    init(_ report: SLAReport) {
        self.init(from: report.from, to: report.to, groupBy: report.grouping.name, groups: report.groups.map {
            .init(key: $0.key, tickets: $0.tickets, firstResponseMet: $0.firstResponseMet, resolutionMet: $0.resolutionMet,
                  breached: $0.breached, metPercent: $0.metPercent)
        })
    }
}
