import Foundation
import PatronCore

/// The composition root: every domain service wired to its SQL repositories once, from one database and key
/// ring. The API, the jobs and the command line take their services from here, so that each service — the
/// only gate, checking the caller's permission and store scope itself — exists in one configuration.
public struct PatronServices: Sendable {
    public let login: LoginService
    public let staff: StaffService
    public let roles: RoleService
    public let stores: StoreService
    public let catalogue: CatalogueService
    public let apiKeys: APIKeyService
    public let audit: AuditQueries
    public let orders: OrderQueries
    public let customers: CustomerService
    public let sales: OrderService
    public let membership: MembershipService
    public let salesOverview: SalesOverviewService
    public let sla: SLAService
    public let interactions: InteractionService
    public let tickets: TicketService
    /// The customer 360: the one-call summary and the merged timeline.
    public let summary: CustomerSummaryService
    public let timeline: CustomerTimelineService
    public let surveys: SurveyService
    public let suggestions: SuggestionService
    /// Persona tags (顾客画像): read per customer, counted for filters, rebuilt by the `personas.refresh` job.
    public let personas: PersonaService
    /// Sales, cohort, service and staff KPIs over the daily rollup (issue 20).
    public let kpis: KPIService
    /// RFM, lifecycle stages and lifetime-value forecasts per customer.
    public let insight: InsightService
    /// Item-to-item product recommendations and the nightly rebuild of their model.
    public let recommendations: RecommendationService
    /// The background jobs every instance's scheduler and `patron jobs` run.
    public let jobs: JobService
    /// Where replies and survey invitations go out; the log gateway unless the server is given another.
    public let gateway: any MessageGateway
    /// Resolves API bearer secrets and console session cookies alike.
    public let authenticator: Authenticator

    /// The API's idempotency records: request plumbing, not a domain service, so it holds no caller.
    public let idempotency: SQLIdempotencyRepository

    /// How sign-in behaves; the server reads these from its configuration.
    public struct SignIn: Sendable {
        public var throttle: LoginThrottle
        public var addresses: AddressThrottle.Policy?
        public var sessionLifetime: TimeInterval

        public init(throttle: LoginThrottle = .init(), addresses: AddressThrottle.Policy? = .init(), sessionLifetime: TimeInterval = 12 * 3_600) {
            self.throttle = throttle
            self.addresses = addresses
            self.sessionLifetime = sessionLifetime
        }
    }

    /// How the jobs are timed; tests bring their own clock.
    public struct JobTiming: Sendable {
        public var clock: any JobClock
        public var membershipInterval: TimeInterval
        public var surveysInterval: TimeInterval
        public var personasInterval: TimeInterval

        public init(clock: any JobClock = SystemJobClock(), membershipInterval: TimeInterval = 3_600, surveysInterval: TimeInterval = 60,
                    personasInterval: TimeInterval = 7 * 86_400) {
            self.clock = clock
            self.membershipInterval = membershipInterval
            self.surveysInterval = surveysInterval
            self.personasInterval = personasInterval
        }
    }

    /// SLA breaches are escalated on the tickets (`TicketSLAEscalator`) unless another `escalator` is given or
    /// `ticketEscalation` is off, when breaches are recorded and wait.
    public init(database: Database, cipher: FieldCipher, hasher: BcryptPasswordHasher, signIn: SignIn = .init(),
                jobTiming: JobTiming = .init(), gateway: (any MessageGateway)? = nil,
                escalator: (any TicketEscalator)? = nil, ticketEscalation: Bool = true,
                publicBaseURL: String = "http://127.0.0.1:8080",
                suggestionsPerAddress: AddressThrottle.Policy = .init(failuresAllowed: 5, window: 3_600)) async throws {
        self.gateway = gateway ?? LogMessageGateway(logger: database.logger)
        let secrets = RandomSecretIssuer()
        let staff = SQLStaffRepository(database)
        let roles = SQLRoleRepository(database)
        let stores = SQLStoreRepository(database)
        let apiKeys = SQLAPIKeyRepository(database)
        let audit = SQLAuditLog(database)
        let products = SQLProductRepository(database)
        let orders = SQLOrderRepository(database)
        let customers = SQLCustomerRepository(database, cipher: cipher)
        login = LoginService(staff: staff, audit: audit, hasher: hasher, secrets: secrets, throttle: signIn.throttle,
                             addresses: signIn.addresses.map(AddressThrottle.init), sessionLifetime: signIn.sessionLifetime,
                             decoyHash: try await hasher.hash(RandomSecretIssuer.newPassword()))
        self.staff = StaffService(staff: staff, roles: roles, stores: stores, hasher: hasher)
        self.roles = RoleService(roles: roles)
        self.stores = StoreService(stores: stores)
        catalogue = CatalogueService(products: products)
        self.apiKeys = APIKeyService(keys: apiKeys, stores: stores, secrets: secrets)
        self.audit = AuditQueries(log: audit)
        self.orders = OrderQueries(orders: orders)
        let memberships = SQLMembershipRepository(database)
        self.customers = CustomerService(customers: customers, orders: orders, stores: stores, settings: SQLSettingsRepository(database),
                                         membership: memberships)
        sales = OrderService(orders: orders, stores: stores, customers: customers, staff: staff, products: products)
        membership = MembershipService(membership: memberships, customers: customers)
        salesOverview = SalesOverviewService(repository: SQLSalesOverview(database), membership: membership)
        suggestions = SuggestionService(suggestions: SQLSuggestionRepository(database, cipher: cipher), gateway: self.gateway, secrets: secrets,
                                        throttle: AddressThrottle(suggestionsPerAddress))
        let interactionRows = SQLInteractionRepository(database, cipher: cipher)
        interactions = InteractionService(interactions: interactionRows, stores: stores, customers: customers, staff: staff)
        tickets = TicketService(tickets: SQLTicketRepository(database, cipher: cipher), stores: stores, customers: customers, staff: staff,
                                orders: orders, interactions: interactionRows, gateway: self.gateway)
        summary = CustomerSummaryService(customers: customers, orders: orders, membership: memberships, care: SQLCareDigest(database: database))
        timeline = CustomerTimelineService(customers: customers, sources: TimelineSources.standard(database: database, cipher: cipher))
        insight = InsightService(insight: SQLInsightRepository(database), customers: customers)
        idempotency = SQLIdempotencyRepository(database)
        authenticator = Authenticator(staff: staff, roles: roles, apiKeys: apiKeys, secrets: secrets)
        sla = SLAService(repository: SQLSLARepository(database),
                         escalator: escalator ?? (ticketEscalation ? TicketSLAEscalator(tickets: tickets) : nil))
        surveys = SurveyService(surveys: SQLSurveyRepository(database, cipher: cipher), customers: customers, gateway: self.gateway,
                                secrets: secrets, publicBaseURL: publicBaseURL)
        personas = PersonaService(personas: SQLPersonaRepository(database), customers: customers, stores: stores)
        kpis = KPIService(repository: SQLKPIRepository(database), overview: SQLSalesOverview(database), membership: membership,
                          sla: SQLSLARepository(database), surveys: surveys)
        recommendations = RecommendationService(repository: SQLRecommendationRepository(database), customers: customers)
        jobs = JobService(jobs: [ServiceJob.membershipExpiry(membership, interval: jobTiming.membershipInterval),
                                 ServiceJob.slaBreaches(sla), ServiceJob.surveySends(surveys, interval: jobTiming.surveysInterval),
                                 ServiceJob.kpisRefresh(kpis),
                                 ServiceJob.insightRefresh(insight),
                                 ServiceJob.personasRefresh(personas, interval: jobTiming.personasInterval),
                                 ServiceJob.recommendationsRebuild(recommendations)],
                          repository: SQLJobRepository(database), clock: jobTiming.clock)
    }
}
