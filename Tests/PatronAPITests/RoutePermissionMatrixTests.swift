import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import PatronOpenAPI
import Testing
@testable import PatronAPI

/// Every operation in the spec × every default role: the expected success or 403 follows from the route
/// policy and the role's permissions, and every protected operation is 401 without credentials.
struct RoutePermissionMatrixTests {
    /// The demo account that holds each default role; store roles belong to the Shanghai flagship SH-001.
    static let accounts: [String: String] = [
        "administrator": "admin", "store_manager": "sh001.manager", "sales_associate": "sh001.sales",
        "customer_service_agent": "cs.agent", "customer_service_supervisor": "cs.supervisor",
        "marketing_manager": "marketing", "purchasing_manager": "purchasing", "analyst": "analyst", "auditor": "auditor",
    ]

    struct Sample {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var success: HTTPResponse.Status
    }

    /// Ids of demo records in SH-001 the samples act on.
    struct Fixture {
        var store: String
        var order: String
        var staff: String
    }

    static func samples(role: String, _ f: Fixture) -> [String: Sample] {
        let tag = role.replacingOccurrences(of: "_", with: "")
        return [
            "getHealth": .init(method: .get, uri: "/health", success: .ok),
            "getReady": .init(method: .get, uri: "/ready", success: .ok),
            "getMetrics": .init(method: .get, uri: "/metrics", success: .ok),
            "getOpenAPISpec": .init(method: .get, uri: "/openapi.yaml", success: .ok),
            "login": .init(method: .post, uri: "/auth/login",
                           body: #"{"username":"admin","password":"\#(TestApp.adminPassword)"}"#, success: .ok),
            "logout": .init(method: .post, uri: "/auth/logout", success: .noContent),
            "getMe": .init(method: .get, uri: "/me", success: .ok),
            "listStores": .init(method: .get, uri: "/stores", success: .ok),
            "getStore": .init(method: .get, uri: "/stores/\(f.store)", success: .ok),
            "createStore": .init(method: .post, uri: "/stores",
                                 body: #"{"code":"T-\#(tag)","name":"测试店","city":"上海","region":"华东"}"#, success: .created),
            "updateStore": .init(method: .patch, uri: "/stores/\(f.store)", body: #"{"opensAt":"10:00","closesAt":"22:00"}"#, success: .ok),
            "listProducts": .init(method: .get, uri: "/products", success: .ok),
            "listStaff": .init(method: .get, uri: "/staff", success: .ok),
            "getStaff": .init(method: .get, uri: "/staff/\(f.staff)", success: .ok),
            "createStaff": .init(method: .post, uri: "/staff", body: """
                {"username":"new.\(tag)","displayName":"新同事","department":"sales","homeStoreId":"\(f.store)",
                 "roles":["sales_associate"],"password":"a-long-enough-secret"}
                """, success: .created),
            "updateStaff": .init(method: .patch, uri: "/staff/\(f.staff)", body: #"{"displayName":"李导购"}"#, success: .ok),
            "listRoles": .init(method: .get, uri: "/roles", success: .ok),
            "getRole": .init(method: .get, uri: "/roles/analyst", success: .ok),
            "createRole": .init(method: .post, uri: "/roles",
                                body: #"{"name":"new_\#(tag)","nameZh":"新角色","nameEn":"New","permissions":["stores.read"],"storeScoped":false}"#,
                                success: .created),
            "updateRole": .init(method: .put, uri: "/roles/edit_\(tag)",
                                body: #"{"name":"edit_\#(tag)","nameZh":"改","nameEn":"Edited","permissions":["products.read"],"storeScoped":false}"#,
                                success: .ok),
            "deleteRole": .init(method: .delete, uri: "/roles/drop_\(tag)", success: .noContent),
            "listAPIKeys": .init(method: .get, uri: "/api-keys", success: .ok),
            "createAPIKey": .init(method: .post, uri: "/api-keys", body: #"{"name":"POS \#(tag)","scopes":["stores.read"]}"#, success: .created),
            "revokeAPIKey": .init(method: .delete, uri: "/api-keys/{key}", success: .noContent),
            "listAudit": .init(method: .get, uri: "/audit", success: .ok),
            "listOrders": .init(method: .get, uri: "/orders", success: .ok),
            "getOrder": .init(method: .get, uri: "/orders/\(f.order)", success: .ok),
        ]
    }

    static var specOperations: Set<String> {
        let text = String(decoding: OpenAPISpec.bytes, as: UTF8.self)
        return Set(text.matches(of: #/operationId: (\w+)/#).map { String($0.output.1) })
    }

    @Test func everyOperationDeclaresARequirementAndHasASample() {
        let fixture = Fixture(store: "s", order: "o", staff: "m")
        #expect(!Self.specOperations.isEmpty)
        #expect(Set(RoutePolicy.requirements.keys) == Self.specOperations, "operations without a declared permission, or stale entries")
        #expect(Set(Self.samples(role: "x", fixture).keys) == Self.specOperations, "add a sample request for the new operation")
    }

    @Test func everyRouteForEveryDefaultRole() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let fixture = try await Self.fixture(client, admin: admin)
            #expect(Set(Self.accounts.keys) == Set(Role.defaults.map(\.name)))
            for role in Role.defaults {
                let tag = role.name.replacingOccurrences(of: "_", with: "")
                for name in ["edit_\(tag)", "drop_\(tag)"] {
                    try await client.execute(uri: "/roles", method: .post, headers: .bearer(admin, json: true), body: ByteBuffer(string:
                        #"{"name":"\#(name)","nameZh":"临时","nameEn":"Temp","permissions":["stores.read"],"storeScoped":false}"#)) {
                        #expect($0.status == .created)
                    }
                }
                let keyId = try await client.execute(uri: "/api-keys", method: .post, headers: .bearer(admin, json: true),
                                                     body: ByteBuffer(string: #"{"name":"to revoke","scopes":["stores.read"]}"#)) {
                    (($0.json["key"] as? [String: Any])?["id"] as? String) ?? ""
                }
                let token = try await TestApp.login(client, username: Self.accounts[role.name]!)
                let grants = Grants(roles: [role], homeStoreId: role.storeScoped ? UUID() : nil)
                // Logout revokes the token, so it goes last.
                let samples = Self.samples(role: role.name, fixture)
                    .sorted { ($0.key == "logout" ? 1 : 0, $0.key) < ($1.key == "logout" ? 1 : 0, $1.key) }
                for (operation, sample) in samples {
                    let expected: HTTPResponse.Status = switch RoutePolicy.requirements[operation]! {
                    case .open, .signedIn: sample.success
                    case .permission(let permission): grants.holds(permission) ? sample.success : .forbidden
                    }
                    let uri = sample.uri.replacingOccurrences(of: "{key}", with: keyId)
                    try await client.execute(uri: uri, method: sample.method, headers: .bearer(token, json: sample.body != nil),
                                             body: sample.body.map { ByteBuffer(string: $0) }) { response in
                        #expect(response.status == expected, "\(role.name) \(operation): \(response.status) \(String(buffer: response.body).prefix(200))")
                        if expected == .forbidden { #expect(response.errorBody["code"] == "forbidden") }
                    }
                }
            }
        }
    }

    @Test func everyProtectedRouteIs401WithoutCredentials() async throws {
        try await TestApp.run { client, _ in
            let fixture = Fixture(store: UUID().uuidString, order: UUID().uuidString, staff: UUID().uuidString)
            for (operation, sample) in Self.samples(role: "anonymous", fixture) {
                let uri = sample.uri.replacingOccurrences(of: "{key}", with: UUID().uuidString)
                let open = RoutePolicy.requirements[operation] == .open
                try await client.execute(uri: uri, method: sample.method, headers: sample.body == nil ? [:] : [.contentType: "application/json"],
                                         body: sample.body.map { ByteBuffer(string: $0) }) { response in
                    if open {
                        #expect(response.status == sample.success, "\(operation)")
                    } else {
                        #expect(response.status == .unauthorized, "\(operation): \(response.status)")
                        #expect(response.errorBody["code"] == "unauthenticated")
                    }
                }
            }
        }
    }

    static func fixture(_ client: any TestClientProtocol, admin: String) async throws -> Fixture {
        let store = try await client.execute(uri: "/stores?limit=200", method: .get, headers: .bearer(admin)) { response in
            ((response.json["items"] as? [[String: Any]]) ?? []).first { $0["code"] as? String == "SH-001" }?["id"] as? String
        }
        let shanghai = try #require(store)
        let order = try await client.execute(uri: "/orders?limit=1&storeId=\(shanghai)", method: .get, headers: .bearer(admin)) { response in
            ((response.json["items"] as? [[String: Any]]) ?? []).first?["id"] as? String
        }
        let staff = try await client.execute(uri: "/staff?limit=200", method: .get, headers: .bearer(admin)) { response in
            ((response.json["items"] as? [[String: Any]]) ?? []).first { $0["username"] as? String == "sh001.sales" }?["id"] as? String
        }
        return Fixture(store: shanghai, order: try #require(order), staff: try #require(staff))
    }
}
