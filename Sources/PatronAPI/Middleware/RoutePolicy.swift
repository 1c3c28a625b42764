import PatronCore

/// The one place that says what each API operation requires. `AuthMiddleware` enforces it before any
/// handler runs; an operation missing here is refused for everyone, and a test fails until it is added.
/// Store scope (a store manager acting only on their own store's records) is checked by the services,
/// which know the record's store.
enum RoutePolicy {
    enum Requirement: Hashable, Sendable {
        /// No credentials needed.
        case open
        /// Any valid caller.
        case signedIn
        case permission(Permission)
        /// Operations that do two things at once, such as an exchange (a refund and a sale).
        case allOf([Permission])
        /// Operations open to holders of either of several permissions, such as a report read by analysts and
        /// by ticket readers alike.
        case anyOf([Permission])

        var permissions: [Permission] {
            switch self {
            case .open, .signedIn: []
            case .permission(let permission): [permission]
            case .allOf(let permissions), .anyOf(let permissions): permissions
            }
        }
    }

    static let requirements: [String: Requirement] = [
        "getHealth": .open,
        "getReady": .open,
        "getMetrics": .open,
        "getOpenAPISpec": .open,
        "login": .open,
        "logout": .signedIn,
        "getMe": .signedIn,
        "updateMe": .signedIn,
        "changePassword": .signedIn,
        "listStores": .permission(.storesRead),
        "getStore": .permission(.storesRead),
        "createStore": .permission(.storesManage),
        "updateStore": .permission(.storesManage),
        "listProducts": .permission(.productsRead),
        "getProduct": .permission(.productsRead),
        "createProduct": .permission(.productsWrite),
        "updateProduct": .permission(.productsWrite),
        "listCategories": .permission(.productsRead),
        "createCategory": .permission(.productsWrite),
        "updateCategory": .permission(.productsWrite),
        "listStaff": .permission(.staffRead),
        "getStaff": .permission(.staffRead),
        "createStaff": .permission(.staffManage),
        "updateStaff": .permission(.staffManage),
        "unlockStaff": .permission(.staffManage),
        "listRoles": .permission(.staffRead),
        "getRole": .permission(.staffRead),
        "createRole": .permission(.rolesManage),
        "updateRole": .permission(.rolesManage),
        "deleteRole": .permission(.rolesManage),
        "listAPIKeys": .permission(.apiKeysManage),
        "createAPIKey": .permission(.apiKeysManage),
        "revokeAPIKey": .permission(.apiKeysManage),
        "createInteraction": .permission(.interactionsWrite),
        "createInteractionsBatch": .permission(.interactionsWrite),
        "getInteraction": .permission(.customersRead),
        "listCustomerInteractions": .permission(.customersRead),
        "listTickets": .permission(.ticketsRead),
        "openTicket": .permission(.ticketsHandle),
        "getTicket": .permission(.ticketsRead),
        "updateTicket": .permission(.ticketsHandle),
        "listTicketMessages": .permission(.ticketsRead),
        "createTicketMessage": .permission(.ticketsHandle),
        "transitionTicket": .permission(.ticketsHandle),
        "getTicketRoutingRules": .permission(.ticketsRead),
        "replaceTicketRoutingRules": .permission(.ticketsSupervise),
        "listAudit": .permission(.auditView),
        "listOrders": .permission(.ordersRead),
        "getOrder": .permission(.ordersRead),
        "createOrder": .permission(.ordersWrite),
        "createOrdersBatch": .permission(.ordersWrite),
        "listOrderReturns": .permission(.ordersRead),
        "createOrderReturn": .permission(.ordersRefund),
        "createOrderExchange": .allOf([.ordersRefund, .ordersWrite]),
        "listCustomers": .permission(.customersRead),
        "getCustomer": .permission(.customersRead),
        "createCustomer": .permission(.customersWrite),
        "updateCustomer": .permission(.customersWrite),
        "revealCustomer": .permission(.customersRead),
        "mergeCustomer": .permission(.customersWrite),
        "exportCustomer": .permission(.customersExport),
        "eraseCustomer": .permission(.customersErase),
        "listCustomerConsents": .permission(.customersRead),
        "recordCustomerConsent": .permission(.customersWrite),
        "listCustomerHistory": .permission(.customersRead),
        "getCustomerSummary": .permission(.customersRead),
        "getCustomerTimeline": .permission(.customersRead),
        "getCustomerRecommendations": .permission(.customersRead),
        "getCustomerMembership": .permission(.customersRead),
        "listTierHistory": .permission(.customersRead),
        "setTierOverride": .permission(.pointsAdjust),
        "endTierOverride": .permission(.pointsAdjust),
        "getCustomerPoints": .permission(.customersRead),
        "adjustPoints": .permission(.pointsAdjust),
        "getMembershipProgramme": .signedIn,
        "putMembershipProgramme": .permission(.settingsManage),
        "getPointsLiability": .permission(.analyticsView),
        "getCustomerAttributeSchema": .permission(.customersRead),
        "putCustomerAttributeSchema": .permission(.settingsManage),
        "listSurveyTemplates": .permission(.surveysManage),
        "createSurveyTemplate": .permission(.surveysManage),
        "getSurveyTemplate": .permission(.surveysManage),
        "updateSurveyTemplate": .permission(.surveysManage),
        "listSurveyInvitations": .permission(.surveysManage),
        "createSurveyInvitation": .permission(.surveysManage),
        "answerSurvey": .open,
        "getSurveyResults": .permission(.analyticsView),
        "getCustomerPersonas": .permission(.customersRead),
        "getPersonaCounts": .permission(.analyticsView),
        "createSuggestion": .open,
        "getSuggestionStatus": .open,
        "listSuggestions": .permission(.suggestionsModerate),
        "getSuggestion": .permission(.suggestionsModerate),
        "moderateSuggestion": .permission(.suggestionsModerate),
        "listServiceCalendars": .permission(.ticketsRead),
        "getServiceCalendar": .permission(.ticketsRead),
        "putServiceCalendar": .permission(.ticketsSupervise),
        "deleteServiceCalendar": .permission(.ticketsSupervise),
        "listSLAPolicies": .permission(.ticketsRead),
        "getSLAPolicy": .permission(.ticketsRead),
        "createSLAPolicy": .permission(.ticketsSupervise),
        "putSLAPolicy": .permission(.ticketsSupervise),
        "deleteSLAPolicy": .permission(.ticketsSupervise),
        "getSLAReport": .anyOf([.ticketsRead, .analyticsView]),
        // KPIs: a store-scoped orders reader sees their own store's sales KPIs and staff; cohorts and service KPIs are chain-wide.
        "getKPIs": .anyOf([.analyticsView, .ordersRead]),
        "getCohorts": .permission(.analyticsView),
        "getServiceKPIs": .permission(.analyticsView),
        "getStaffPerformance": .anyOf([.analyticsView, .ordersRead]),
        "getCustomerInsight": .permission(.customersRead),
        "getRFMOverview": .permission(.analyticsView),
        "getLifecycleOverview": .permission(.analyticsView),
        "getCLVDistribution": .permission(.analyticsView),
        "listSegmentCustomers": .permission(.analyticsView),
        "refreshInsight": .permission(.jobsRun),
        "getInsightSettings": .permission(.analyticsView),
        "putInsightSettings": .permission(.settingsManage),
    ]
}
