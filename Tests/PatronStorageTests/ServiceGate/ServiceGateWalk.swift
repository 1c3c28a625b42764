import Foundation
import PatronCore
import PatronStorage

/// One public service method as the gate walk tries it.
struct GateStep: Sendable {
    typealias Call = @Sendable (ServiceGateFixture) async throws -> Void

    /// Who may call it at all.
    enum Access: Sendable {
        /// Calling it as the fixture's unprivileged caller must throw `forbidden`.
        case required(Call)
        /// Every signed-in caller may; the reason says why.
        case open(because: String)
    }

    /// What store scope does to it.
    enum StoreScope: Sendable {
        /// Store A's manager acting on store B's record must get `forbidden`.
        case refused(Call)
        /// Store A's manager gets a list with nothing of store B in it.
        case filtered(@Sendable (ServiceGateFixture) async throws -> Bool)
        /// Its records belong to no store, or its permission is not store-bound.
        case notStoreBound
    }

    var permission: Access
    var storeScope: StoreScope = .notStoreBound
}

/// Every public method of every domain service, by service and Swift signature. `ServiceGateTests` compares
/// the keys with the services' source, so a new method fails the suite until it is walked here.
enum ServiceGateWalk {
    static let page = try! PageRequest(limit: 10)
    static let surveyTemplate = SurveyTemplate(name: "gate", title: SurveyText(zh: "门", en: "Gate"),
                                               questions: [SurveyQuestion(key: "csat", kind: .csat, prompt: SurveyText(zh: "满意", en: "Satisfied"))],
                                               trigger: .manual, channel: .sms)
    static let ignored: Set<String> = ["LoginService.login(username:password:clientAddress:requestId:now:)"]

    static let steps: [String: [String: GateStep]] = [
        "LoginService": [
            "logout(sessionDigest:by:requestId:now:)": .init(permission: .open(because: "ending one's own session needs no permission")),
            "changePassword(current:new:by:requestId:)": .init(permission: .required { f in
                try await f.services.login.changePassword(current: "a-long-gate-password", new: "another-long-password",
                                                          by: f.integration, requestId: nil)
            }),
        ],
        "InsightService": [
            "insight(of:by:at:)": .init(permission: .required { f in _ = try await f.services.insight.insight(of: UUID(), by: f.nobody) }),
            "rfm(by:)": .init(permission: .required { f in _ = try await f.services.insight.rfm(by: f.nobody) }),
            "lifecycle(by:)": .init(permission: .required { f in _ = try await f.services.insight.lifecycle(by: f.nobody) }),
            "clvDistribution(by:)": .init(permission: .required { f in _ = try await f.services.insight.clvDistribution(by: f.nobody) }),
            "members(of:page:by:)": .init(permission: .required { f in _ = try await f.services.insight.members(of: .champions, page: page, by: f.nobody) }),
            "refresh(at:refit:rebuild:by:progress:)": .init(permission: .required { f in _ = try await f.services.insight.refresh(by: f.nobody) }),
            "settings(by:)": .init(permission: .required { f in _ = try await f.services.insight.settings(by: f.nobody) }),
            "saveSettings(_:by:requestId:)": .init(permission: .required { f in
                try await f.services.insight.saveSettings(.defaults, by: f.nobody, requestId: nil)
            }),
        ],
        "SuggestionService": [
            "submit(_:clientAddress:now:)": .init(permission: .open(because: "the anonymous public suggestion box, limited per client address")),
            "status(code:)": .init(permission: .open(because: "the submitter's status page, authorised by the code shown once at submission")),
            "list(_:page:by:)": .init(permission: .required { f in _ = try await f.services.suggestions.list(SuggestionFilter(), page: page, by: f.nobody) }),
            "find(_:by:)": .init(permission: .required { f in _ = try await f.services.suggestions.find(UUID(), by: f.nobody) }),
            "moderate(_:_:by:now:)": .init(permission: .required { f in
                _ = try await f.services.suggestions.moderate(UUID(), SuggestionChange(status: .closed), by: f.nobody)
            }),
        ],
        "SurveyService": [
            "templates(by:)": .init(permission: .required { f in _ = try await f.services.surveys.templates(by: f.nobody) }),
            "template(_:by:)": .init(permission: .required { f in _ = try await f.services.surveys.template(UUID(), by: f.nobody) }),
            "createTemplate(_:by:now:)": .init(permission: .required { f in _ = try await f.services.surveys.createTemplate(surveyTemplate, by: f.nobody) }),
            "updateTemplate(_:by:now:)": .init(permission: .required { f in _ = try await f.services.surveys.updateTemplate(surveyTemplate, by: f.nobody) }),
            "invite(customer:template:about:by:now:)": .init(permission: .required { f in
                _ = try await f.services.surveys.invite(customer: f.customer.id, template: UUID(), about: SurveySubject(), by: f.nobody)
            }),
            "invitations(customer:status:page:by:)": .init(permission: .required { f in
                _ = try await f.services.surveys.invitations(customer: nil, status: nil, page: page, by: f.nobody)
            }),
            "sendDue(at:by:)": .init(permission: .required { f in _ = try await f.services.surveys.sendDue(at: Date(), by: f.nobody) }),
            "results(_:by:)": .init(permission: .required { f in
                _ = try await f.services.surveys.results(SurveyResultsQuery(from: Date(timeIntervalSinceNow: -3_600), to: Date(), groupBy: .store), by: f.nobody)
            }),
            "invitation(forToken:now:)": .init(permission: .open(because: "the public answer page, authorised by the one-time token")),
            "answer(token:values:now:)": .init(permission: .open(because: "the public answer page, authorised by the one-time token")),
        ],
        "JobService": [
            "list(by:)": .init(permission: .required { f in _ = try await f.services.jobs.list(by: f.nobody) }),
            "history(of:limit:by:)": .init(permission: .required { f in _ = try await f.services.jobs.history(of: nil, limit: 5, by: f.nobody) }),
            "runNow(_:instance:by:)": .init(permission: .required { f in _ = try await f.services.jobs.runNow("membership.expiry", instance: "gate", by: f.nobody) }),
            "runDue(instance:by:)": .init(permission: .required { f in _ = try await f.services.jobs.runDue(instance: "gate", by: f.nobody) }),
        ],
        "StaffService": [
            "create(_:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.staff.create(newMember(in: f.storeA.id), by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.staff.create(newMember(in: f.storeB.id), by: f.managerOfA, requestId: nil) }),
            "update(_:_:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.staff.update(f.staffB.id, .init(displayName: "x"), by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.staff.update(f.staffB.id, .init(displayName: "x"), by: f.managerOfA, requestId: nil) }),
            "unlock(_:by:requestId:)": .init(
                permission: .required { f in try await f.services.staff.unlock(f.staffB.id, by: f.nobody, requestId: nil) },
                storeScope: .refused { f in try await f.services.staff.unlock(f.staffB.id, by: f.managerOfA, requestId: nil) }),
            "find(_:by:)": .init(
                permission: .required { f in _ = try await f.services.staff.find(f.staffB.id, by: f.nobody) },
                storeScope: .refused { f in _ = try await f.services.staff.find(f.staffB.id, by: f.managerOfA) }),
            "lockedUntil(_:by:at:)": .init(
                permission: .required { f in _ = try await f.services.staff.lockedUntil(f.staffB.id, by: f.nobody) },
                storeScope: .refused { f in _ = try await f.services.staff.lockedUntil(f.staffB.id, by: f.managerOfA) }),
            "list(_:by:)": .init(
                permission: .required { f in _ = try await f.services.staff.list(page, by: f.nobody) },
                storeScope: .filtered { f in
                    try await f.services.staff.list(try PageRequest(limit: 200), by: f.managerOfA).items.allSatisfy { $0.homeStoreId == f.storeA.id }
                }),
            "setLanguage(_:by:requestId:)": .init(permission: .required { f in
                _ = try await f.services.staff.setLanguage(.en, by: f.integration, requestId: nil)
            }),
        ],
        "RoleService": [
            "list(by:)": .init(permission: .required { f in _ = try await f.services.roles.list(by: f.nobody) }),
            "find(_:by:)": .init(permission: .required { f in _ = try await f.services.roles.find(f.role.name, by: f.nobody) }),
            "create(_:by:requestId:)": .init(permission: .required { f in
                var role = f.role
                role.name = "gate_other"
                _ = try await f.services.roles.create(role, by: f.nobody, requestId: nil)
            }),
            "update(_:by:requestId:)": .init(permission: .required { f in _ = try await f.services.roles.update(f.role, by: f.nobody, requestId: nil) }),
            "delete(_:by:requestId:)": .init(permission: .required { f in try await f.services.roles.delete(f.role.name, by: f.nobody, requestId: nil) }),
        ],
        "StoreService": [
            "create(_:by:requestId:)": .init(permission: .required { f in
                _ = try await f.services.stores.create(Store(code: "GATE-C", name: "丙店", city: "广州", region: "华南"), by: f.nobody, requestId: nil)
            }),
            "update(_:by:requestId:)": .init(permission: .required { f in _ = try await f.services.stores.update(f.storeA, by: f.nobody, requestId: nil) }),
            "update(_:by:requestId:applying:)": .init(permission: .required { f in
                _ = try await f.services.stores.update(f.storeA.id, by: f.nobody, requestId: nil) { $0.name = "x" }
            }),
            "find(_:by:)": .init(permission: .required { f in _ = try await f.services.stores.find(f.storeA.id, by: f.nobody) }),
            "list(_:by:)": .init(permission: .required { f in _ = try await f.services.stores.list(page, by: f.nobody) }),
        ],
        "CatalogueService": [
            "search(text:category:page:by:)": .init(permission: .required { f in
                _ = try await f.services.catalogue.search(text: "gate", category: nil, page: page, by: f.nobody)
            }),
            "find(sku:by:)": .init(permission: .required { f in _ = try await f.services.catalogue.find(sku: f.product.sku, by: f.nobody) }),
            "list(_:by:)": .init(permission: .required { f in _ = try await f.services.catalogue.list(page, by: f.nobody) }),
            "find(_:by:)": .init(permission: .required { f in _ = try await f.services.catalogue.find(f.product.id, by: f.nobody) }),
            "save(_:upsert:by:requestId:)": .init(permission: .required { f in
                _ = try await f.services.catalogue.save(f.product, upsert: true, by: f.nobody, requestId: nil)
            }),
            "update(_:by:requestId:applying:)": .init(permission: .required { f in
                _ = try await f.services.catalogue.update(f.product.id, by: f.nobody, requestId: nil) { $0.nameEn = "x" }
            }),
            "categories(by:)": .init(permission: .required { f in _ = try await f.services.catalogue.categories(by: f.nobody) }),
            "save(_:by:requestId:)": .init(permission: .required { f in _ = try await f.services.catalogue.save(f.category, by: f.nobody, requestId: nil) }),
            "update(_:by:requestId:)": .init(permission: .required { f in _ = try await f.services.catalogue.update(f.category, by: f.nobody, requestId: nil) }),
        ],
        "APIKeyService": [
            "list(_:by:)": .init(permission: .required { f in _ = try await f.services.apiKeys.list(page, by: f.nobody) }),
            "create(name:scopes:storeId:expiresAt:by:requestId:)": .init(permission: .required { f in
                _ = try await f.services.apiKeys.create(name: "x", scopes: ["orders.read"], storeId: nil, expiresAt: nil, by: f.nobody, requestId: nil)
            }),
            "revoke(_:by:requestId:)": .init(permission: .required { f in try await f.services.apiKeys.revoke(f.apiKey.id, by: f.nobody, requestId: nil) }),
        ],
        "AuditQueries": [
            "list(_:page:by:)": .init(permission: .required { f in _ = try await f.services.audit.list(AuditFilter(), page: page, by: f.nobody) }),
        ],
        "OrderQueries": [
            "find(_:by:)": .init(
                permission: .required { f in _ = try await f.services.orders.find(f.orderB.id, by: f.nobody) },
                storeScope: .refused { f in _ = try await f.services.orders.find(f.orderB.id, by: f.managerOfA) }),
            "list(_:page:by:)": .init(
                permission: .required { f in _ = try await f.services.orders.list(OrderFilter(), page: page, by: f.nobody) },
                storeScope: .refused { f in _ = try await f.services.orders.list(OrderFilter(storeId: f.storeB.id), page: page, by: f.managerOfA) }),
        ],
        "OrderService": [
            "place(_:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.sales.place(sale(f, in: f.storeA.id), by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.sales.place(sale(f, in: f.storeB.id), by: f.managerOfA, requestId: nil) }),
            "placeBatch(_:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.sales.placeBatch([sale(f, in: f.storeA.id)], by: f.nobody, requestId: nil) },
                storeScope: .refused { f in
                    let outcomes = try await f.services.sales.placeBatch([sale(f, in: f.storeB.id)], by: f.managerOfA, requestId: nil)
                    if case .rejected(let error) = outcomes.first { throw error }
                }),
            "returns(of:by:)": .init(
                permission: .required { f in _ = try await f.services.sales.returns(of: f.orderB.id, by: f.nobody) },
                storeScope: .refused { f in _ = try await f.services.sales.returns(of: f.orderB.id, by: f.managerOfA) }),
            "returnGoods(_:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.sales.returnGoods(f.returnOfB, by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.sales.returnGoods(f.returnOfB, by: f.managerOfA, requestId: nil) }),
            "exchange(_:replacement:by:requestId:)": .init(
                permission: .required { f in
                    _ = try await f.services.sales.exchange(f.returnOfB, replacement: sale(f, in: f.storeA.id), by: f.nobody, requestId: nil)
                },
                storeScope: .refused { f in
                    _ = try await f.services.sales.exchange(f.returnOfB, replacement: sale(f, in: f.storeA.id), by: f.managerOfA, requestId: nil)
                }),
            "checked(_:by:)": .init(
                permission: .required { f in _ = try await f.services.sales.checked(sale(f, in: f.storeA.id), by: f.nobody) },
                storeScope: .refused { f in _ = try await f.services.sales.checked(sale(f, in: f.storeB.id), by: f.managerOfA) }),
        ],
        "CustomerService": [
            "create(_:upsert:channel:by:requestId:)": .init(permission: .required { f in
                _ = try await f.services.customers.create(CustomerDraft(name: "新客", sourceChannel: .store), upsert: false, by: f.nobody, requestId: nil)
            }),
            "update(_:_:channel:by:requestId:)": .init(permission: .required { f in
                _ = try await f.services.customers.update(f.customer.id, CustomerDraft(notes: "x"), by: f.nobody, requestId: nil)
            }),
            "find(_:by:)": .init(permission: .required { f in _ = try await f.services.customers.find(f.customer.id, by: f.nobody) }),
            "search(_:page:by:)": .init(permission: .required { f in _ = try await f.services.customers.search(CustomerQuery(), page: page, by: f.nobody) }),
            "reveal(_:fields:purpose:by:requestId:)": .init(permission: .required { f in
                _ = try await f.services.customers.reveal(f.customer.id, fields: nil, purpose: "gate test", by: f.nobody, requestId: nil)
            }),
            "merge(duplicate:into:by:requestId:)": .init(permission: .required { f in
                _ = try await f.services.customers.merge(duplicate: UUID(), into: f.customer.id, by: f.nobody, requestId: nil)
            }),
            "erase(_:reason:by:requestId:)": .init(permission: .required { f in
                try await f.services.customers.erase(f.customer.id, reason: "gate test", by: f.nobody, requestId: nil)
            }),
            "export(_:by:requestId:)": .init(permission: .required { f in _ = try await f.services.customers.export(f.customer.id, by: f.nobody, requestId: nil) }),
            "consents(_:by:)": .init(permission: .required { f in _ = try await f.services.customers.consents(f.customer.id, by: f.nobody) }),
            "recordConsent(_:channel:granted:source:by:requestId:)": .init(permission: .required { f in
                _ = try await f.services.customers.recordConsent(f.customer.id, channel: .sms, granted: true, source: "gate", by: f.nobody, requestId: nil)
            }),
            "history(_:page:by:)": .init(permission: .required { f in _ = try await f.services.customers.history(f.customer.id, page: page, by: f.nobody) }),
            "attributeSchema(by:)": .init(permission: .required { f in _ = try await f.services.customers.attributeSchema(by: f.nobody) }),
            "saveAttributeSchema(_:by:requestId:)": .init(permission: .required { f in
                try await f.services.customers.saveAttributeSchema(.defaults, by: f.nobody, requestId: nil)
            }),
        ],
        "MembershipService": [
            "programme(by:)": .init(permission: .open(because: "tills and staff show members what their tier brings")),
            "saveProgramme(_:by:requestId:)": .init(permission: .required { f in
                let programme = try await f.services.membership.programme(by: ServiceGateFixture.system)
                try await f.services.membership.saveProgramme(programme, by: f.nobody, requestId: nil)
            }),
            "summary(of:by:at:)": .init(permission: .required { f in _ = try await f.services.membership.summary(of: f.customer.id, by: f.nobody) }),
            "tierHistory(of:page:by:)": .init(permission: .required { f in
                _ = try await f.services.membership.tierHistory(of: f.customer.id, page: page, by: f.nobody)
            }),
            "ledger(of:page:by:)": .init(permission: .required { f in _ = try await f.services.membership.ledger(of: f.customer.id, page: page, by: f.nobody) }),
            "ledger(of:order:by:)": .init(permission: .required { f in
                _ = try await f.services.membership.ledger(of: f.customer.id, order: f.orderB.id, by: f.nobody)
            }),
            "exportLedger(of:by:)": .init(permission: .required { f in _ = try await f.services.membership.exportLedger(of: f.customer.id, by: f.nobody) }),
            "adjust(_:points:reason:by:requestId:)": .init(permission: .required { f in
                _ = try await f.services.membership.adjust(f.customer.id, points: 10, reason: "gate", by: f.nobody, requestId: nil)
            }),
            "setOverride(_:tier:reason:until:by:requestId:now:)": .init(permission: .required { f in
                _ = try await f.services.membership.setOverride(f.customer.id, tier: "x", reason: "gate", until: nil, by: f.nobody, requestId: nil)
            }),
            "endOverride(_:by:requestId:now:)": .init(permission: .required { f in
                _ = try await f.services.membership.endOverride(f.customer.id, by: f.nobody, requestId: nil)
            }),
            "liability(by:at:)": .init(permission: .required { f in _ = try await f.services.membership.liability(by: f.nobody) }),
            "applyDue(at:by:)": .init(permission: .required { f in _ = try await f.services.membership.applyDue(by: f.nobody) }),
            "rebuild(asOf:by:)": .init(permission: .required { f in _ = try await f.services.membership.rebuild(by: f.nobody) }),
        ],
        "SLAService": [
            "calendars(by:)": .init(permission: .required { f in _ = try await f.services.sla.calendars(by: f.nobody) }),
            "calendar(_:by:)": .init(permission: .required { f in _ = try await f.services.sla.calendar("service_centre", by: f.nobody) }),
            "saveCalendar(_:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.sla.saveCalendar(slaCalendar(for: f.storeA.id), by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.sla.saveCalendar(slaCalendar(for: f.storeB.id), by: f.managerOfA, requestId: nil) }),
            "deleteCalendar(_:by:requestId:)": .init(
                permission: .required { f in try await f.services.sla.deleteCalendar("service_centre", by: f.nobody, requestId: nil) },
                storeScope: .refused { f in try await f.services.sla.deleteCalendar("service_centre", by: f.managerOfA, requestId: nil) }),
            "policies(by:)": .init(permission: .required { f in _ = try await f.services.sla.policies(by: f.nobody) }),
            "policy(_:by:)": .init(permission: .required { f in _ = try await f.services.sla.policy(SLADefaults.policies[0].id, by: f.nobody) }),
            "savePolicy(_:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.sla.savePolicy(SLADefaults.policies[0], by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.sla.savePolicy(SLADefaults.policies[0], by: f.managerOfA, requestId: nil) }),
            "deletePolicy(_:by:requestId:)": .init(
                permission: .required { f in try await f.services.sla.deletePolicy(SLADefaults.policies[0].id, by: f.nobody, requestId: nil) },
                storeScope: .refused { f in try await f.services.sla.deletePolicy(SLADefaults.policies[0].id, by: f.managerOfA, requestId: nil) }),
            "states(of:at:by:)": .init(permission: .required { f in _ = try await f.services.sla.states(of: [UUID()], by: f.nobody) }),
            "report(from:to:groupBy:timeZone:by:)": .init(permission: .required { f in
                _ = try await f.services.sla.report(from: Date(timeIntervalSinceNow: -86_400), to: Date(), groupBy: .store, timeZone: .gmt, by: f.nobody)
            }),
            "recordBreaches(at:by:)": .init(
                permission: .required { f in _ = try await f.services.sla.recordBreaches(at: Date(), by: f.nobody) },
                storeScope: .refused { f in _ = try await f.services.sla.recordBreaches(at: Date(), by: f.managerOfA) }),
        ],
        "InteractionService": [
            "log(_:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.interactions.log(interaction(f, in: nil), by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.interactions.log(interaction(f, in: f.storeB.id), by: f.managerOfA, requestId: nil) }),
            "ingest(_:by:requestId:)": .init(permission: .required { f in
                _ = try await f.services.interactions.ingest([interaction(f, in: nil)], by: f.nobody, requestId: nil)
            }),
            "list(customer:page:by:)": .init(permission: .required { f in
                _ = try await f.services.interactions.list(customer: f.customer.id, page: page, by: f.nobody)
            }),
            "find(_:by:)": .init(permission: .required { f in _ = try await f.services.interactions.find(UUID(), by: f.nobody) }),
        ],
        "TicketService": [
            "open(_:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.tickets.open(ticketDraft(in: nil), by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.tickets.open(ticketDraft(in: f.storeB.id), by: f.managerOfA, requestId: nil) }),
            "find(_:by:)": .init(
                permission: .required { f in _ = try await f.services.tickets.find(UUID(), by: f.nobody) },
                storeScope: .refused { f in _ = try await f.services.tickets.find(try await ticketOfB(f), by: f.managerOfA) }),
            "list(_:page:by:)": .init(
                permission: .required { f in _ = try await f.services.tickets.list(.init(), page: page, by: f.nobody) },
                storeScope: .filtered { f in
                    _ = try await ticketOfB(f)
                    return try await f.services.tickets.list(.init(), page: try PageRequest(limit: 200), by: f.managerOfA).items
                        .allSatisfy { $0.storeId == f.storeA.id }
                }),
            "messages(of:by:)": .init(
                permission: .required { f in _ = try await f.services.tickets.messages(of: UUID(), by: f.nobody) },
                storeScope: .refused { f in _ = try await f.services.tickets.messages(of: try await ticketOfB(f), by: f.managerOfA) }),
            "history(of:by:)": .init(
                permission: .required { f in _ = try await f.services.tickets.history(of: UUID(), by: f.nobody) },
                storeScope: .refused { f in _ = try await f.services.tickets.history(of: try await ticketOfB(f), by: f.managerOfA) }),
            "reply(to:body:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.tickets.reply(to: UUID(), body: "x", by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.tickets.reply(to: try await ticketOfB(f), body: "x", by: f.managerOfA, requestId: nil) }),
            "note(on:body:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.tickets.note(on: UUID(), body: "x", by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.tickets.note(on: try await ticketOfB(f), body: "x", by: f.managerOfA, requestId: nil) }),
            "transition(_:to:resolution:by:requestId:)": .init(
                permission: .required { f in
                    _ = try await f.services.tickets.transition(UUID(), to: .inProgress, resolution: nil, by: f.nobody, requestId: nil)
                },
                storeScope: .refused { f in
                    _ = try await f.services.tickets.transition(try await ticketOfB(f), to: .inProgress, resolution: nil, by: f.managerOfA, requestId: nil)
                }),
            "reopen(_:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.tickets.reopen(UUID(), by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.tickets.reopen(try await ticketOfB(f), by: f.managerOfA, requestId: nil) }),
            "assign(_:to:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.tickets.assign(UUID(), to: nil, by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.tickets.assign(try await ticketOfB(f), to: nil, by: f.managerOfA, requestId: nil) }),
            "update(_:_:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.tickets.update(UUID(), .init(priority: .high), by: f.nobody, requestId: nil) },
                storeScope: .refused { f in
                    _ = try await f.services.tickets.update(try await ticketOfB(f), .init(priority: .high), by: f.managerOfA, requestId: nil)
                }),
            "escalate(_:reason:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.tickets.escalate(UUID(), reason: "x", by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.tickets.escalate(try await ticketOfB(f), reason: "x", by: f.managerOfA, requestId: nil) }),
            "routingRules(by:)": .init(permission: .required { f in _ = try await f.services.tickets.routingRules(by: f.nobody) }),
            "saveRoutingRules(_:by:requestId:)": .init(
                permission: .required { f in _ = try await f.services.tickets.saveRoutingRules([], by: f.nobody, requestId: nil) },
                storeScope: .refused { f in _ = try await f.services.tickets.saveRoutingRules([], by: f.managerOfA, requestId: nil) }),
        ],
        "CustomerSummaryService": [
            "summary(of:by:at:)": .init(
                permission: .required { f in _ = try await f.services.summary.summary(of: f.customer.id, by: f.nobody) },
                storeScope: .filtered { f in
                    let ownStore = try await f.services.summary.summary(of: f.customer.id, by: f.managerOfA)
                    let chain = try await f.services.summary.summary(of: f.customer.id, by: ServiceGateFixture.system)
                    return ownStore.recentOrders.isEmpty && chain.recentOrders.contains { $0.id == f.orderB.id }
                }),
        ],
        "PersonaService": [
            "personas(of:by:)": .init(
                permission: .required { f in _ = try await f.services.personas.personas(of: f.customer.id, by: f.nobody) },
                storeScope: .filtered { f in
                    let ownStore = try await f.services.personas.personas(of: f.customer.id, by: f.managerOfA)
                    let chain = try await f.services.personas.personas(of: f.customer.id, by: ServiceGateFixture.system)
                    return ownStore.allSatisfy { $0.tag.kind != .store || $0.tag.value == f.storeA.code }
                        && chain.contains { $0.tag.kind == .store && $0.tag.value == f.storeB.code }
                }),
            "refresh(at:by:)": .init(permission: .required { f in _ = try await f.services.personas.refresh(at: Date(), by: f.nobody) }),
            "tagCounts(by:)": .init(permission: .required { f in _ = try await f.services.personas.tagCounts(by: f.nobody) }),
        ],
        "CustomerTimelineService": [
            "timeline(of:before:limit:kinds:by:)": .init(
                permission: .required { f in _ = try await f.services.timeline.timeline(of: f.customer.id, before: nil, limit: 10, by: f.nobody) },
                storeScope: .filtered { f in
                    let ownStore = try await f.services.timeline.timeline(of: f.customer.id, before: nil, limit: 50, by: f.managerOfA)
                    let chain = try await f.services.timeline.timeline(of: f.customer.id, before: nil, limit: 50, by: ServiceGateFixture.system)
                    return ownStore.entries.allSatisfy { $0.storeId != f.storeB.id } && chain.entries.contains { $0.storeId == f.storeB.id }
                }),
        ],
        "RecommendationService": [
            "recommendations(for:limit:by:at:)": .init(
                permission: .required { f in _ = try await f.services.recommendations.recommendations(for: f.customer.id, by: f.nobody) },
                storeScope: .filtered { f in
                    _ = try await f.services.recommendations.rebuild(by: ServiceGateFixture.system)
                    let ownStore = try await f.services.recommendations.recommendations(for: f.customer.id, by: f.managerOfA)
                    let chain = try await f.services.recommendations.recommendations(for: f.customer.id, by: ServiceGateFixture.system)
                    return ownStore.contains { $0.productId == f.product.id } && !chain.contains { $0.productId == f.product.id }
                }),
            "rebuild(at:by:)": .init(permission: .required { f in _ = try await f.services.recommendations.rebuild(by: f.nobody) }),
        ],
        "SalesOverviewService": [
            "overview(at:timeZone:currency:by:)": .init(
                permission: .required { f in _ = try await f.services.salesOverview.overview(timeZone: .gmt, by: f.nobody) },
                storeScope: .filtered { f in
                    let orders = { (overview: SalesOverview) in overview.last30Days.reduce(0) { $0 + $1.orders } }
                    let ownStore = try await f.services.salesOverview.overview(timeZone: .gmt, by: f.managerOfA)
                    let chain = try await f.services.salesOverview.overview(timeZone: .gmt, by: ServiceGateFixture.system)
                    return orders(ownStore) == 0 && orders(chain) >= 1
                }),
        ],
        "KPIService": [
            "kpis(_:period:storeId:channel:currency:by:)": .init(
                permission: .required { f in _ = try await f.services.kpis.kpis(kpiRange, period: .day, by: f.nobody) },
                storeScope: .filtered { f in
                    _ = try await f.services.kpis.refresh(by: ServiceGateFixture.system)
                    let ownStore = try await f.services.kpis.kpis(kpiRange, period: .day, by: ordersReaderOfA(f))
                    let chain = try await f.services.kpis.kpis(kpiRange, period: .day, by: ServiceGateFixture.system)
                    return ownStore.storeId == f.storeA.id && ownStore.total.sums.orders == 0 && chain.total.sums.orders >= 1
                }),
            "cohorts(_:by:)": .init(permission: .required { f in _ = try await f.services.kpis.cohorts(kpiRange, by: f.nobody) }),
            "serviceKPIs(_:by:)": .init(permission: .required { f in _ = try await f.services.kpis.serviceKPIs(kpiRange, by: f.nobody) }),
            "staffPerformance(_:storeId:by:)": .init(
                permission: .required { f in _ = try await f.services.kpis.staffPerformance(kpiRange, by: f.nobody) },
                storeScope: .refused { f in _ = try await f.services.kpis.staffPerformance(kpiRange, storeId: f.storeB.id, by: ordersReaderOfA(f)) }),
            "refresh(at:full:by:)": .init(permission: .required { f in _ = try await f.services.kpis.refresh(by: f.nobody) }),
        ],
    ]

    static func newMember(in store: Store.ID) -> StaffService.NewMember {
        .init(username: "gate.new", displayName: "新人", department: .sales, homeStoreId: store, roles: ["sales_associate"],
              password: "a-long-gate-password")
    }

    /// Yesterday through tomorrow in the chain's zone, around the fixture's orders of a minute ago.
    static var kpiRange: KPIRange {
        let today = ServiceDate.day(of: Date(), in: TimeZone(identifier: "Asia/Shanghai")!)
        return try! KPIRange(first: today.adding(days: -1), last: today.adding(days: 1))
    }

    /// A caller who reads orders of store A only and holds no analytics permission: the store-scoped KPI reader.
    static func ordersReaderOfA(_ f: ServiceGateFixture) -> Caller {
        Caller(identity: .system("gate.a.orders"), grants: Grants(everywhere: [], inHomeStore: [.ordersRead], homeStoreId: f.storeA.id))
    }

    static func slaCalendar(for store: Store.ID) -> BusinessCalendar {
        BusinessCalendar(code: "gate_store", name: "Gate", storeId: store, timeZone: "Asia/Shanghai",
                         weeklyHours: [.init(weekday: 1, spans: [try! OpeningSpan("10:00", "22:00")])])
    }

    static func interaction(_ f: ServiceGateFixture, in store: Store.ID?) -> Interaction {
        Interaction(channel: .store, direction: .inbound, kind: .visit, subject: "gate", storeId: store, customerId: f.customer.id,
                    occurredAt: Date().addingTimeInterval(-60))
    }

    static func ticketDraft(in store: Store.ID?) -> TicketDraft {
        TicketDraft(kind: .complaint, channel: .store, storeId: store, subject: "gate", description: "门测试")
    }

    /// A resolved ticket of store B, opened by the system, so every move from it is one the lifecycle allows.
    static func ticketOfB(_ f: ServiceGateFixture) async throws -> Ticket.ID {
        let ticket = try await f.services.tickets.open(ticketDraft(in: f.storeB.id), by: ServiceGateFixture.system, requestId: nil)
        return try await f.services.tickets.transition(ticket.id, to: .resolved, resolution: .other, by: ServiceGateFixture.system, requestId: nil).id
    }

    static func sale(_ f: ServiceGateFixture, in store: Store.ID) -> Order {
        ServiceGateFixture.sale(in: store, number: "GATE-\(UUID().uuidString.prefix(8))", product: f.product)
    }
}
