import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

struct StoresAPITests {
    @Test func createReadAndPageStores() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            var createdId = ""
            try await client.execute(uri: "/stores", method: .post, headers: .bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"code":"NJ-001","name":"南京新街口店","city":"南京","region":"华东"}"#)) { response in
                #expect(response.status == .created)
                #expect(response.json["timeZone"] as? String == "Asia/Shanghai")
                createdId = response.json["id"] as? String ?? ""
            }
            try await client.execute(uri: "/stores/\(createdId)", method: .get, headers: .bearer(token)) { response in
                #expect(response.status == .ok)
                #expect(response.json["name"] as? String == "南京新街口店")
            }
            try await client.execute(uri: "/stores", method: .post, headers: .bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"code":"NJ-001","name":"重复","city":"南京","region":"华东"}"#)) { response in
                #expect(response.status == .conflict)
                #expect(response.errorBody["field"] == "code")
            }
            var seen: [String] = []
            var cursor: String? = nil
            repeat {
                let uri = "/stores?limit=3" + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? "")
                try await client.execute(uri: uri, method: .get, headers: .bearer(token)) { response in
                    #expect(response.status == .ok)
                    seen += (response.json["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
                    cursor = response.json["nextCursor"] as? String
                }
            } while cursor != nil
            #expect(seen == seen.sorted())
            #expect(Set(seen).count == seen.count)
            #expect(seen.contains("NJ-001"))
            #expect(seen.count == 9)
            try await client.execute(uri: "/stores/\(UUID().uuidString)", method: .get, headers: .bearer(token)) { response in
                #expect(response.status == .notFound)
                #expect(response.errorBody["code"] == "not_found")
            }
        }
    }

    @Test func productsListTheDemoCatalogue() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            try await client.execute(uri: "/products?limit=200", method: .get, headers: .bearer(token)) { response in
                let items = response.json["items"] as? [[String: Any]] ?? []
                #expect(items.count == 30)
                let dress = items.first { $0["sku"] as? String == "W-DRS-001" }
                #expect(dress?["listPrice"] as? Int == 129_900)
                #expect(dress?["currency"] as? String == "CNY")
                #expect(dress?["nameZh"] as? String == "真丝连衣裙")
            }
        }
    }
}
