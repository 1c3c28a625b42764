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
        var customer: String
        var product: String = ""
        var category: String = ""
    }

    static func samples(role: String, _ f: Fixture) -> [String: Sample] {
        let tag = role.replacingOccurrences(of: "_", with: "")
        let mobile = "1981000" + String(format: "%04d", (Role.defaults.firstIndex { $0.name == role } ?? 99) + 1)
        let schema = #"{"attributes":[{"name":"clothingSize","type":"string","labelZh":"服装尺码","labelEn":"Clothing size","allowed":["S","M","L"]}]}"#
        let surveyTemplate = #"{"name":"CSAT \#(tag)","title":{"zh":"评价","en":"Rate us"},"questions":[{"key":"csat","kind":"csat","prompt":{"zh":"满意吗","en":"Satisfied?"}}],"trigger":{"kind":"manual"},"channel":"sms"}"#
        func order(_ number: String) -> String {
            #"{"storeId":"\#(f.store)","posNumber":"\#(number)","channel":"store","occurredAt":"2026-01-02T03:04:05Z","lines":[{"sku":"W-TOP-002","quantity":1,"unitPrice":9900}],"payments":[{"method":"cash","amount":9900}]}"#
        }
        let interaction = #"{"channel":"store","direction":"inbound","kind":"visit","subject":"试穿","storeId":"\#(f.store)","customerId":"\#(f.customer)","occurredAt":"2026-01-02T03:04:05Z"}"#
        let ticket = #"{"kind":"complaint","channel":"store","storeId":"\#(f.store)","customerId":"\#(f.customer)","subject":"拉链坏了"}"#
        return [
            "getProduct": .init(method: .get, uri: "/products/\(f.product)", success: .ok),
            "createProduct": .init(method: .post, uri: "/products",
                                   body: #"{"sku":"T-\#(tag)","nameZh":"测试品","nameEn":"Test item","listPrice":1990}"#, success: .created),
            "updateProduct": .init(method: .patch, uri: "/products/\(f.product)", body: #"{"active":true}"#, success: .ok),
            "listCategories": .init(method: .get, uri: "/categories", success: .ok),
            "createCategory": .init(method: .post, uri: "/categories", body: #"{"code":"C-\#(tag)","nameZh":"新类","nameEn":"New"}"#,
                                    success: .created),
            "updateCategory": .init(method: .patch, uri: "/categories/\(f.category)",
                                    body: #"{"code":"APPAREL","nameZh":"服装","nameEn":"Apparel"}"#, success: .ok),
            "createOrder": .init(method: .post, uri: "/orders", body: order("M-\(tag)"), success: .created),
            "createOrdersBatch": .init(method: .post, uri: "/orders/batch", body: #"{"orders":[\#(order("MB-\(tag)"))]}"#, success: .ok),
            "listOrderReturns": .init(method: .get, uri: "/orders/\(f.order)/returns", success: .ok),
            "createOrderReturn": .init(method: .post, uri: "/orders/{returnable}/returns",
                                       body: #"{"reason":"wrong size","lines":[{"line":1,"quantity":1}]}"#, success: .created),
            "createOrderExchange": .init(method: .post, uri: "/orders/{returnable}/exchanges",
                                         body: #"{"return":{"reason":"colour","lines":[{"line":1,"quantity":1}]},"order":\#(order("MX-\(tag)"))}"#,
                                         success: .created),
            "listCustomers": .init(method: .get, uri: "/customers?name=%E7%8E%8B", success: .ok),
            "getCustomer": .init(method: .get, uri: "/customers/\(f.customer)", success: .ok),
            "createCustomer": .init(method: .post, uri: "/customers",
                                    body: #"{"name":"新会员","mobile":"\#(mobile)","sourceChannel":"store"}"#, success: .created),
            "updateCustomer": .init(method: .patch, uri: "/customers/\(f.customer)", body: #"{"tags":["vip"]}"#, success: .ok),
            "revealCustomer": .init(method: .post, uri: "/customers/\(f.customer)/reveal",
                                    body: #"{"purpose":"call back about a repair"}"#, success: .ok),
            "mergeCustomer": .init(method: .post, uri: "/customers/\(f.customer)/merge", body: #"{"duplicateId":"{duplicate}"}"#, success: .ok),
            "exportCustomer": .init(method: .get, uri: "/customers/\(f.customer)/export", success: .ok),
            "eraseCustomer": .init(method: .post, uri: "/customers/{erasable}/erase", body: #"{"reason":"customer asked to be forgotten"}"#,
                                   success: .noContent),
            "listCustomerConsents": .init(method: .get, uri: "/customers/\(f.customer)/consents", success: .ok),
            "recordCustomerConsent": .init(method: .post, uri: "/customers/\(f.customer)/consents",
                                           body: #"{"channel":"sms","granted":true,"source":"store_signup_form"}"#, success: .created),
            "listCustomerHistory": .init(method: .get, uri: "/customers/\(f.customer)/history", success: .ok),
            "getCustomerSummary": .init(method: .get, uri: "/customers/\(f.customer)/summary", success: .ok),
            "getCustomerPersonas": .init(method: .get, uri: "/customers/\(f.customer)/personas", success: .ok),
            "getPersonaCounts": .init(method: .get, uri: "/analytics/personas", success: .ok),
            "getCustomerTimeline": .init(method: .get, uri: "/customers/\(f.customer)/timeline", success: .ok),
            "getCustomerRecommendations": .init(method: .get, uri: "/customers/\(f.customer)/recommendations", success: .ok),
            "getCustomerMembership": .init(method: .get, uri: "/customers/\(f.customer)/membership", success: .ok),
            "listTierHistory": .init(method: .get, uri: "/customers/\(f.customer)/membership/history", success: .ok),
            "setTierOverride": .init(method: .put, uri: "/customers/\(f.customer)/membership/override",
                                     body: #"{"tier":"gold","reason":"guest of the chairman"}"#, success: .ok),
            "endTierOverride": .init(method: .delete, uri: "/customers/\(f.customer)/membership/override", success: .ok),
            "getCustomerPoints": .init(method: .get, uri: "/customers/\(f.customer)/points", success: .ok),
            "adjustPoints": .init(method: .post, uri: "/customers/\(f.customer)/points/adjustments",
                                  body: #"{"points":100,"reason":"goodwill after a late delivery"}"#, success: .created),
            "getMembershipProgramme": .init(method: .get, uri: "/membership/programme", success: .ok),
            "putMembershipProgramme": .init(method: .put, uri: "/membership/programme",
                                            body: String(decoding: try! JSONEncoder().encode(MembershipProgramme.defaults), as: UTF8.self),
                                            success: .ok),
            "getPointsLiability": .init(method: .get, uri: "/membership/liability", success: .ok),
            "getCustomerAttributeSchema": .init(method: .get, uri: "/settings/customer-attributes", success: .ok),
            "putCustomerAttributeSchema": .init(method: .put, uri: "/settings/customer-attributes", body: schema, success: .ok),
            "getHealth": .init(method: .get, uri: "/health", success: .ok),
            "getReady": .init(method: .get, uri: "/ready", success: .ok),
            "getMetrics": .init(method: .get, uri: "/metrics", success: .ok),
            "getOpenAPISpec": .init(method: .get, uri: "/openapi.yaml", success: .ok),
            "login": .init(method: .post, uri: "/auth/login",
                           body: #"{"username":"admin","password":"\#(TestApp.adminPassword)"}"#, success: .ok),
            "logout": .init(method: .post, uri: "/auth/logout", success: .noContent),
            "getMe": .init(method: .get, uri: "/me", success: .ok),
            "updateMe": .init(method: .patch, uri: "/me", body: #"{"language":"zh-CN"}"#, success: .ok),
            "changePassword": .init(method: .post, uri: "/me/password",
                                    body: #"{"currentPassword":"\#(TestApp.adminPassword)","newPassword":"\#(TestApp.adminPassword)"}"#,
                                    success: .noContent),
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
            "unlockStaff": .init(method: .post, uri: "/staff/\(f.staff)/unlock", success: .noContent),
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
            "listSurveyTemplates": .init(method: .get, uri: "/survey-templates", success: .ok),
            "createSurveyTemplate": .init(method: .post, uri: "/survey-templates", body: surveyTemplate, success: .created),
            // No template exists in the demo: a caller allowed through gets 404, one refused 403.
            "getSurveyTemplate": .init(method: .get, uri: "/survey-templates/\(UUID().uuidString)", success: .notFound),
            "updateSurveyTemplate": .init(method: .put, uri: "/survey-templates/\(UUID().uuidString)", body: surveyTemplate, success: .notFound),
            "listSurveyInvitations": .init(method: .get, uri: "/survey-invitations", success: .ok),
            "createSurveyInvitation": .init(method: .post, uri: "/survey-invitations",
                                            body: #"{"customerId":"\#(f.customer)","templateId":"\#(UUID().uuidString)"}"#, success: .notFound),
            // Public: an unknown token is 404 for everyone, signed in or not.
            "answerSurvey": .init(method: .post, uri: "/survey-answers", body: #"{"token":"never-issued","answers":[]}"#, success: .notFound),
            "createSuggestion": .init(method: .post, uri: "/suggestions",
                                      body: #"{"text":"Please open earlier on weekends","category":"store"}"#, success: .created),
            "getSuggestionStatus": .init(method: .get, uri: "/suggestions/status/S-2222-2222", success: .notFound),
            "listSuggestions": .init(method: .get, uri: "/suggestions", success: .ok),
            "getSuggestion": .init(method: .get, uri: "/suggestions/\(UUID().uuidString)", success: .notFound),
            "moderateSuggestion": .init(method: .patch, uri: "/suggestions/\(UUID().uuidString)", body: #"{"status":"in_review"}"#, success: .notFound),
            "getSurveyResults": .init(method: .get, uri: "/analytics/surveys?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", success: .ok),
            "listServiceCalendars": .init(method: .get, uri: "/service-calendars", success: .ok),
            "getServiceCalendar": .init(method: .get, uri: "/service-calendars/service_centre", success: .ok),
            // The demo's calendar of SH-001: deleted (samples run in key order) and put back by each role that may.
            "deleteServiceCalendar": .init(method: .delete, uri: "/service-calendars/store_sh-001", success: .noContent),
            "putServiceCalendar": .init(method: .put, uri: "/service-calendars/store_sh-001",
                                        body: #"{"name":"SH-001","storeId":"\#(f.store)","timeZone":"Asia/Shanghai","weeklyHours":[{"weekday":6,"spans":[{"start":"10:00","end":"22:00"}]}]}"#,
                                        success: .ok),
            "listSLAPolicies": .init(method: .get, uri: "/sla-policies", success: .ok),
            "getSLAPolicy": .init(method: .get, uri: "/sla-policies/\(SLADefaults.policies[0].id)", success: .ok),
            "createSLAPolicy": .init(method: .post, uri: "/sla-policies", body: slaPolicy(role), success: .created),
            "putSLAPolicy": .init(method: .put, uri: "/sla-policies/\(SLADefaults.policies[0].id)",
                                  body: #"{"name":"any · low","priority":"low","firstResponseMinutes":480,"nextResponseMinutes":480,"resolutionMinutes":4800}"#,
                                  success: .ok),
            "deleteSLAPolicy": .init(method: .delete, uri: "/sla-policies/{policy}", success: .noContent),
            "getSLAReport": .init(method: .get, uri: "/analytics/sla?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&groupBy=channel",
                                  success: .ok),
            "getKPIs": .init(method: .get, uri: "/analytics/kpis?from=2026-01-01&to=2026-01-31&period=week", success: .ok),
            "getCohorts": .init(method: .get, uri: "/analytics/cohorts?from=2026-01-01&to=2026-06-30", success: .ok),
            "getServiceKPIs": .init(method: .get, uri: "/analytics/service-kpis?from=2026-01-01&to=2026-01-31", success: .ok),
            "getStaffPerformance": .init(method: .get, uri: "/analytics/staff-performance?from=2026-01-01&to=2026-01-31", success: .ok),
            "getCustomerInsight": .init(method: .get, uri: "/customers/\(f.customer)/insight", success: .ok),
            "getRFMOverview": .init(method: .get, uri: "/analytics/rfm", success: .ok),
            "getLifecycleOverview": .init(method: .get, uri: "/analytics/lifecycle", success: .ok),
            "getCLVDistribution": .init(method: .get, uri: "/analytics/clv", success: .ok),
            "listSegmentCustomers": .init(method: .get, uri: "/analytics/segments/champions/customers?limit=5", success: .ok),
            "refreshInsight": .init(method: .post, uri: "/analytics/refresh", success: .ok),
            "getInsightSettings": .init(method: .get, uri: "/settings/insight", success: .ok),
            "putInsightSettings": .init(method: .put, uri: "/settings/insight",
                                        body: String(decoding: try! JSONEncoder().encode(InsightSettings.defaults), as: UTF8.self), success: .ok),
            "createInteraction": .init(method: .post, uri: "/interactions", body: interaction, success: .created),
            "createInteractionsBatch": .init(method: .post, uri: "/interactions/batch", body: #"{"interactions":[\#(interaction)]}"#, success: .ok),
            "getInteraction": .init(method: .get, uri: "/interactions/{interaction}", success: .ok),
            "listCustomerInteractions": .init(method: .get, uri: "/customers/\(f.customer)/interactions", success: .ok),
            "listTickets": .init(method: .get, uri: "/tickets?status=open", success: .ok),
            "openTicket": .init(method: .post, uri: "/tickets", body: ticket, success: .created),
            "getTicket": .init(method: .get, uri: "/tickets/{ticket}", success: .ok),
            "updateTicket": .init(method: .patch, uri: "/tickets/{ticket}", body: #"{"priority":"high"}"#, success: .ok),
            "listTicketMessages": .init(method: .get, uri: "/tickets/{ticket}/messages", success: .ok),
            "createTicketMessage": .init(method: .post, uri: "/tickets/{ticket}/messages", body: #"{"kind":"note","body":"已致电"}"#, success: .created),
            "transitionTicket": .init(method: .post, uri: "/tickets/{ticket}/transitions", body: #"{"status":"in_progress"}"#, success: .ok),
            "getTicketRoutingRules": .init(method: .get, uri: "/ticket-routing-rules", success: .ok),
            "replaceTicketRoutingRules": .init(method: .put, uri: "/ticket-routing-rules", body: #"{"rules":[]}"#, success: .ok),
        ]
    }

    /// A policy for a channel and priority no default policy holds, one per role.
    /// `offset` 2 gives another free one (high or urgent), for the policy each role tries to delete.
    static func slaPolicy(_ role: String, offset: Int = 0) -> String {
        let index = Role.defaults.firstIndex { $0.name == role } ?? 0
        let channel = ["store", "hotline", "social", "email", "sms"][index % 5]
        let priority = ["low", "normal", "high", "urgent"][index / 5 % 2 + offset]
        return #"{"name":"\#(channel) \#(priority)","channel":"\#(channel)","priority":"\#(priority)","firstResponseMinutes":60,"nextResponseMinutes":60,"resolutionMinutes":600}"#
    }

    /// Operations on chain-wide records: a store-scoped grant of the permission is not enough, the service refuses.
    static let chainWide: Set<String> = ["createSLAPolicy", "putSLAPolicy", "deleteSLAPolicy", "replaceTicketRoutingRules"]

    static var specOperations: Set<String> {
        let text = String(decoding: OpenAPISpec.bytes, as: UTF8.self)
        return Set(text.matches(of: #/operationId: (\w+)/#).map { String($0.output.1) })
    }

    @Test func everyOperationDeclaresARequirementAndHasASample() {
        let fixture = Fixture(store: "s", order: "o", staff: "m", customer: "c")
        #expect(!Self.specOperations.isEmpty)
        #expect(Set(RoutePolicy.requirements.keys) == Self.specOperations, "operations without a declared permission, or stale entries")
        #expect(Set(Self.samples(role: "x", fixture).keys) == Self.specOperations, "add a sample request for the new operation")
    }

    @Test func everyRouteForEveryDefaultRole() async throws {
        try await TestApp.run { client, _ in
            let fixture = try await Self.fixture(client, admin: try await TestApp.login(client))
            #expect(Set(Self.accounts.keys) == Set(Role.defaults.map(\.name)))
            for role in Role.defaults {
                // A fresh session each round: the administrator's own password change ends their other sessions.
                let admin = try await TestApp.login(client)
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
                let policyId = try await client.execute(uri: "/sla-policies", method: .post, headers: .bearer(admin, json: true),
                                                        body: ByteBuffer(string: Self.slaPolicy(role.name, offset: 2))) {
                    ($0.json["id"] as? String) ?? ""
                }
                var created: [String] = []
                for index in 0..<2 {
                    let number = "1980000" + String(format: "%02d", Role.defaults.firstIndex(of: role)!) + "0\(index)"
                    try await client.execute(uri: "/customers", method: .post, headers: .bearer(admin, json: true), body: ByteBuffer(string:
                        #"{"name":"临时会员","mobile":"\#(number)","sourceChannel":"store"}"#)) {
                        #expect($0.status == .created)
                        created.append($0.json["id"] as? String ?? "")
                    }
                }
                var returnable: [String] = []
                for index in 0..<2 {
                    let body = #"{"storeId":"\#(fixture.store)","posNumber":"R-\#(tag)-\#(index)","channel":"store","occurredAt":"2026-01-02T03:04:05Z","lines":[{"sku":"W-TOP-002","quantity":2,"unitPrice":9900}],"payments":[{"method":"alipay","amount":19800}]}"#
                    try await client.execute(uri: "/orders", method: .post, headers: .bearer(admin, json: true), body: ByteBuffer(string: body)) {
                        #expect($0.status == .created)
                        returnable.append($0.json["id"] as? String ?? "")
                    }
                }
                let samples0 = Self.samples(role: "admin", fixture)
                let interactionId = try await TestApp.send(client, .post, "/interactions", token: admin, json: samples0["createInteraction"]!.body)
                    .json["id"] as? String ?? ""
                let ticketId = try await TestApp.send(client, .post, "/tickets", token: admin, json: samples0["openTicket"]!.body).json["id"] as? String ?? ""
                let token = try await TestApp.login(client, username: Self.accounts[role.name]!)
                let grants = Grants(roles: [role], homeStoreId: role.storeScoped ? UUID() : nil)
                // Logout revokes the token, so it goes last.
                let samples = Self.samples(role: role.name, fixture)
                    .sorted { ($0.key == "logout" ? 1 : 0, $0.key) < ($1.key == "logout" ? 1 : 0, $1.key) }
                for (operation, sample) in samples {
                    let expected: HTTPResponse.Status = switch RoutePolicy.requirements[operation]! {
                    case .open, .signedIn: sample.success
                    case .anyOf(let permissions): permissions.contains(where: grants.holds) ? sample.success : .forbidden
                    case let requirement where Self.chainWide.contains(operation):
                        requirement.permissions.allSatisfy(grants.everywhere.contains) ? sample.success : .forbidden
                    case let requirement: (requirement.permissions + (Self.checkedByTheService[operation] ?? [])).allSatisfy(grants.holds)
                        ? sample.success : .forbidden
                    }
                    let uri = sample.uri.replacingOccurrences(of: "{key}", with: keyId).replacingOccurrences(of: "{policy}", with: policyId).replacingOccurrences(of: "{erasable}", with: created[1])
                        .replacingOccurrences(of: "{returnable}", with: operation == "createOrderExchange" ? returnable[1] : returnable[0])
                        .replacingOccurrences(of: "{interaction}", with: interactionId).replacingOccurrences(of: "{ticket}", with: ticketId)
                    let body = sample.body?.replacingOccurrences(of: "{duplicate}", with: created[0])
                    try await client.execute(uri: uri, method: sample.method, headers: .bearer(token, json: body != nil),
                                             body: body.map { ByteBuffer(string: $0) }) { response in
                        #expect(response.status == expected, "\(role.name) \(operation): \(response.status) \(String(buffer: response.body).prefix(200))")
                        if expected == .forbidden { #expect(response.errorBody["code"] == "forbidden") }
                    }
                }
            }
        }
    }

    /// Permissions a service checks beyond the route table, because the refusal itself must be audited there.
    static let checkedByTheService: [String: [Permission]] = ["revealCustomer": [.customersReadPII]]

    @Test func everyProtectedRouteIs401WithoutCredentials() async throws {
        try await TestApp.run { client, _ in
            let fixture = Fixture(store: UUID().uuidString, order: UUID().uuidString, staff: UUID().uuidString, customer: UUID().uuidString,
                                  product: UUID().uuidString, category: UUID().uuidString)
            for (operation, sample) in Self.samples(role: "anonymous", fixture) {
                let uri = sample.uri.replacingOccurrences(of: "{key}", with: UUID().uuidString).replacingOccurrences(of: "{policy}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{erasable}", with: UUID().uuidString).replacingOccurrences(of: "{returnable}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{interaction}", with: UUID().uuidString).replacingOccurrences(of: "{ticket}", with: UUID().uuidString)
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
        let customer = try await client.execute(uri: "/customers?limit=1", method: .get, headers: .bearer(admin)) { response in
            ((response.json["items"] as? [[String: Any]]) ?? []).first?["id"] as? String
        }
        let product = try await client.execute(uri: "/products?limit=1", method: .get, headers: .bearer(admin)) { response in
            ((response.json["items"] as? [[String: Any]]) ?? []).first?["id"] as? String
        }
        let category = try await client.execute(uri: "/categories", method: .get, headers: .bearer(admin)) { response in
            ((response.json["items"] as? [[String: Any]]) ?? []).first { $0["code"] as? String == "APPAREL" }?["id"] as? String
        }
        return Fixture(store: shanghai, order: try #require(order), staff: try #require(staff), customer: try #require(customer),
                       product: try #require(product), category: try #require(category))
    }
}
