import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import PatronTestSupport
import Testing

/// Issue 17, acceptance 1: every write operation of the contract, driven in-process with seeded hostile
/// bodies (integer edges up to ±2^63 and past them, `1.5`, `1e400`, long and odd Unicode, NUL, lone
/// surrogates, junk dates and ids), must answer 2xx or 4xx with a JSON body, and the server must still be
/// ready afterwards. A failure message carries the operation, the path and the exact body, so a crash or a
/// 500 found here can be replayed by hand.
struct HostileInputPropertyTests {
    static let requestsPerOperation = 24

    @Test func everyWriteOperationAnswersTwoOrFourHundredsWithJSONAndTheServerStaysReady() async throws {
        let spec = try SpecWalker.load()
        let operations = spec.writeOperations.filter { $0.id != "logout" }
        #expect(operations.count >= 25, "the contract's write operations were found")
        try await TestApp.run { client, _ in
            var token = try await TestApp.login(client)
            let ids = try await Self.knownIds(client, token: token)
            var random = SeededGenerator(seed: 1_724)
            var answered: [Int: Int] = [:]
            for operation in operations {
                for round in 0..<Self.requestsPerOperation {
                    let path = Self.fill(operation.path, ids: ids, random: &random)
                    let body = operation.body.map { spec.value(for: $0, ids: ids.all, random: &random).text }
                    var headers: HTTPFields = .bearer(token, json: body != nil)
                    if operation.method == "POST", round % 3 == 0 {
                        headers[HTTPField.Name("Idempotency-Key")!] = "hostile-\(operation.id)-\(round % 6)"
                    }
                    let request = "\(operation.method) \(path) \(body ?? "")"
                    let (status, text) = try await client.execute(uri: path, method: HTTPRequest.Method(operation.method)!, headers: headers,
                                                                  body: body.map { ByteBuffer(string: $0) }) {
                        ($0.status.code, String(buffer: $0.body))
                    }
                    answered[status, default: 0] += 1
                    #expect(status < 500, "\(request) answered \(status): \(text.prefix(300))")
                    if status >= 400 {
                        let error = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["error"] as? [String: Any]
                        #expect(error?["code"] is String && error?["message"] is String, "\(request) answered \(status) without the error body: \(text.prefix(300))")
                        let message = error?["message"] as? String ?? ""
                        #expect(!message.contains("Swift.") && !message.contains("Int64"), "\(request): a Swift type name in \(text.prefix(300))")
                    } else if status != 204 {
                        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil, "\(request) answered \(status) with no JSON")
                    }
                    if status == 401 { token = try await TestApp.login(client) }
                }
            }
            let ready = try await client.execute(uri: "/ready", method: .get) { $0.status }
            #expect(ready == .ok)
            #expect(answered.keys.contains { (200..<300).contains($0) }, "some hostile requests were valid enough to be applied: \(answered)")
        }
    }

    struct KnownIds {
        var customers: [String]
        var orders: [String]
        var stores: [String]
        var staff: [String]
        var other: [String]
        var all: [String] { customers + orders + stores + staff + other }
    }

    /// Real ids, so that requests reach the code behind the existence checks. The signed-in administrator
    /// is left out, so that a hostile password change cannot end the test's own session.
    static func knownIds(_ client: any TestClientProtocol, token: String) async throws -> KnownIds {
        func ids(_ path: String, key: String = "id") async throws -> [String] {
            let json = try await TestApp.send(client, .get, path, token: token).json
            return (json["items"] as? [[String: Any]] ?? []).compactMap { $0[key] as? String }
        }
        let me = try await TestApp.send(client, .get, "/me", token: token).json
        let myId = (me["staff"] as? [String: Any])?["id"] as? String
        return KnownIds(customers: try await ids("/customers?limit=10"), orders: try await ids("/orders?limit=10"),
                        stores: try await ids("/stores"), staff: try await ids("/staff").filter { $0 != myId },
                        other: try await ids("/products?limit=5") + ids("/categories") + ids("/api-keys"))
    }

    /// Fills `{customerId}` and its kind with a real id most of the time, else with a random or broken one.
    static func fill(_ template: String, ids: KnownIds, random: inout SeededGenerator) -> String {
        var path = template
        while let open = path.firstIndex(of: "{"), let close = path[open...].firstIndex(of: "}") {
            let name = path[path.index(after: open)..<close]
            let pool: [String] = switch name {
            case "customerId": ids.customers
            case "orderId": ids.orders
            case "storeId": ids.stores
            case "staffId": ids.staff
            case "roleName": ["store_manager", "analyst", "no_such_role"]
            default: ids.other
            }
            let roll = Int.random(in: 0..<10, using: &random)
            let value = roll < 7 ? (pool.randomElement(using: &random) ?? UUID().uuidString.lowercased())
                : roll < 9 ? UUID().uuidString.lowercased() : ["%00", "x%2F..%2F", "\(UUID().uuidString)%00junk", "0"].randomElement(using: &random)!
            path.replaceSubrange(open...close, with: value)
        }
        return path
    }
}
