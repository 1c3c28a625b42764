import Foundation
import PatronCore
import SQLKit

extension DemoLoader {
    /// The demo's store calendars: each physical store serves customers every day 10:00–22:00 in its own zone,
    /// holidays included (a shop's busiest days), so a complaint made in a store counts in the store's hours
    /// while e-mail and chat count in the service centre's (seeded by the migration with the default policies).
    static func slaCalendars(for stores: [Store]) -> [BusinessCalendar] {
        stores.filter { !$0.isOnline }.map { store in
            let code = "store_" + String(store.code.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
            return BusinessCalendar(code: String(code.prefix(64)), name: store.name, storeId: store.id, timeZone: store.timeZone,
                                    weeklyHours: (1...7).map { .init(weekday: $0, spans: [try! OpeningSpan("10:00", "22:00")]) })
        }
    }

    static func loadSLA(for stores: [Store], on sql: any SQLDatabase) async throws {
        for calendar in slaCalendars(for: stores) {
            try calendar.validate()
            try await SQLSLARepository.insertCalendar(calendar, on: sql)
        }
    }
}
