import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import PatronStorage
import PatronTestSupport
import Testing

/// The KPI endpoints over HTTP: the CSV download says what the JSON says, and a store manager sees their store.
struct KPIAPITests {
    /// The last two years of local days, where the demo's orders fall.
    static var range: (from: String, to: String) {
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        let today = ServiceDate.day(of: Date(), in: zone)
        return (today.adding(days: -730).description, today.description)
    }

    static func refresh(_ url: DatabaseURL) async throws {
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        try await Database.withOpen(url, logger: TestDatabase.logger) { database in
            _ = try await SQLKPIRepository(database).refresh(from: nil, through: ServiceDate.day(of: Date(), in: zone), zone: zone, at: Date())
        }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, token: String, csv: Bool) async throws -> (HTTPResponse.Status, String, String?) {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if csv { headers[.accept] = "text/csv" }
        return try await client.execute(uri: uri, method: .get, headers: headers) { response in
            (response.status, String(buffer: response.body), response.headers[.contentType])
        }
    }

    /// RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else { field.append(character) }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field); field = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else {
                field.append(character)
            }
        }
        return rows
    }

    /// The CSV's rows as dictionaries by header.
    static func records(_ text: String) -> [[String: String]] {
        let rows = parseCSV(text)
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// A JSON value as the CSV writes it: numbers compared as numbers, null as an empty field.
    static func same(_ json: Any?, _ csv: String?) -> Bool {
        switch json {
        case nil, is NSNull: return csv == ""
        case let number as NSNumber:
            // JSONSerialization may read a long fraction as a decimal whose double differs in the last bit.
            guard let value = csv.flatMap(Double.init) else { return false }
            return abs(value - number.doubleValue) <= 1e-12 * max(1, abs(value))
        case let text as String: return csv == text
        default: return false
        }
    }

    @Test func theCSVDownloadsSayWhatTheJSONSays() async throws {
        try await TestApp.run { client, url in
            try await Self.refresh(url)
            let token = try await TestApp.login(client, username: "analyst")
            let (from, to) = Self.range
            let kpis = "/analytics/kpis?from=\(from)&to=\(to)&period=month"
            let json = try await TestApp.send(client, .get, kpis, token: token)
            #expect(json.status == .ok)
            let items = try #require(json.json["items"] as? [[String: Any]])
            #expect(items.reduce(0) { $0 + (($1["orders"] as? Int) ?? 0) } > 0)
            let (status, body, type) = try await Self.get(client, kpis, token: token, csv: true)
            #expect(status == .ok && type?.hasPrefix("text/csv") == true)
            let rows = Self.records(body)
            #expect(rows.count == items.count)
            for (item, row) in zip(items, rows) {
                for (key, value) in row { #expect(Self.same(item[key], value), "\(key): \(String(describing: item[key])) vs \(value)") }
            }

            let cohorts = "/analytics/cohorts?from=\(from)&to=\(to)"
            let triangle = try #require(try await TestApp.send(client, .get, cohorts, token: token).json["items"] as? [[String: Any]])
            let cohortRows = Self.records(try await Self.get(client, cohorts, token: token, csv: true).1)
            #expect(cohortRows.count == triangle.count)
            for (item, row) in zip(triangle, cohortRows) {
                #expect(row["cohort"] == item["cohort"] as? String && Self.same(item["customers"], row["customers"]))
                for (index, buyers) in ((item["buyers"] as? [Int]) ?? []).enumerated() { #expect(row["month\(index)"] == "\(buyers)") }
            }

            let staff = "/analytics/staff-performance?from=\(from)&to=\(to)"
            let people = try #require(try await TestApp.send(client, .get, staff, token: token).json["items"] as? [[String: Any]])
            let staffRows = Self.records(try await Self.get(client, staff, token: token, csv: true).1)
            #expect(staffRows.map { $0["staffId"] } == people.map { $0["staffId"] as? String })
            #expect(staffRows.map { $0["netSales"].flatMap { Int64($0) } } == people.map { ($0["netSales"] as? NSNumber)?.int64Value })

            let service = "/analytics/service-kpis?from=\(Self.range.to)&to=\(Self.range.to)"
            let figures = try await TestApp.send(client, .get, service, token: token).json
            let serviceRow = try #require(Self.records(try await Self.get(client, service, token: token, csv: true).1).first)
            #expect(Self.same(figures["tickets"], serviceRow["tickets"]) && Self.same(figures["slaMetPercent"], serviceRow["slaMetPercent"]))
        }
    }

    @Test func aStoreManagerSeesTheirStoresSales() async throws {
        try await TestApp.run { client, url in
            try await Self.refresh(url)
            let (from, to) = Self.range
            let admin = try await TestApp.login(client)
            let stores = try #require(try await TestApp.send(client, .get, "/stores", token: admin).json["items"] as? [[String: Any]])
            let flagship = try #require(stores.first { $0["code"] as? String == "SH-001" }?["id"] as? String)
            let other = try #require(stores.first { $0["code"] as? String != "SH-001" }?["id"] as? String)
            let manager = try await TestApp.login(client, username: "sh001.manager")
            let own = try await TestApp.send(client, .get, "/analytics/kpis?from=\(from)&to=\(to)&period=month", token: manager)
            #expect(own.status == .ok && own.json["storeId"] as? String == flagship)
            let named = try await TestApp.send(client, .get, "/analytics/kpis?from=\(from)&to=\(to)&period=month&storeId=\(flagship)", token: admin)
            #expect((own.json["total"] as? [String: Any])?["netSales"] as? Int == (named.json["total"] as? [String: Any])?["netSales"] as? Int)
            #expect(try await TestApp.send(client, .get, "/analytics/kpis?from=\(from)&to=\(to)&storeId=\(other)", token: manager).status == .forbidden)
            let tooLong = try await TestApp.send(client, .get, "/analytics/kpis?from=2020-01-01&to=2026-01-01", token: admin)
            #expect(tooLong.status.code == 400 || tooLong.status.code == 422)
            #expect(tooLong.error["field"] == "to")
        }
    }
}
