import Foundation
import HTTPTypes
import Hummingbird
import PatronCore
import PatronStorage

/// The loyalty programme in words — tiers, how each is reached, what it brings, how points are earned,
/// spent and expire — with the points the chain owes; `settings.manage` edits the programme as the same
/// JSON the programme file holds, and the domain's objection is shown beside it.
extension Console {
    func membershipPage(_ console: ConsoleRequest, draft: String? = nil, error: String? = nil,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        if !console.holds(.settingsManage) { try console.caller.require(.analyticsView) }
        let programme = try await services.membership.programme(by: console.caller)
        var data: [String: Any] = [
            "tiers": programme.tiers.map { tierRow($0, programme, console) },
            "rules": programmeRules(programme, console),
            "canEdit": console.holds(.settingsManage),
        ]
        if console.holds(.analyticsView) {
            let liability = try await services.membership.liability(by: console.caller)
            data["liability"] = ["points": ConsoleFormat.number(liability.availablePoints + liability.pendingPoints),
                                 "available": ConsoleFormat.number(liability.availablePoints),
                                 "pending": ConsoleFormat.number(liability.pendingPoints),
                                 "members": ConsoleFormat.number(liability.members),
                                 "value": ConsoleFormat.money(liability.valueMinor, liability.currency), "asOf": format.time(liability.asOf)]
        }
        if console.holds(.settingsManage) { data["json"] = try draft ?? MembershipProgrammeFile.encode(programme) }
        if let error { data["error"] = error }
        if let notice = doneNotice(console) { data["notice"] = notice }
        return page(status: status, "membership", titleKey: "membership_page.title", data: data, console)
    }

    /// POST: the programme as JSON; a syntax error or a broken rule re-renders the text as typed (422).
    func saveProgramme(_ console: ConsoleRequest) async throws -> Response {
        try console.caller.require(.settingsManage)
        let json = console.form["programme"] ?? ""
        do {
            let programme = try MembershipProgrammeFile.decode(Data(json.utf8), source: text("membership_page.json_source", console))
            try await services.membership.saveProgramme(programme, by: console.caller, requestId: console.requestId)
            return redirect(to: "/console/membership?done=saved")
        } catch {
            let message = try Self.fieldErrors(error, default: "programme").map { field, message in
                field == "membershipProgramme" ? message : "\(field): \(message)"
            }.joined(separator: "; ")
            return try await membershipPage(console, draft: json, error: message, status: .unprocessableContent)
        }
    }

    func tierRow(_ tier: MembershipProgramme.Tier, _ programme: MembershipProgramme, _ console: ConsoleRequest) -> [String: Any] {
        var qualification = text("membership_page.everyone", console)
        if let rule = tier.qualification {
            let parts = rule.conditions.map { condition -> String in
                switch condition.metric {
                case .netSpend: text("membership_page.metric_net_spend", console, ["amount": ConsoleFormat.money(condition.atLeast, programme.currency)])
                case .orders: text("membership_page.metric_orders", console, ["count": ConsoleFormat.number(condition.atLeast)])
                case .pointsEarned: text("membership_page.metric_points", console, ["points": ConsoleFormat.number(condition.atLeast)])
                }
            }
            let joiner = text(rule.match == .all ? "membership_page.match_all" : "membership_page.match_any", console)
            qualification = text("membership_page.within", console, ["conditions": parts.joined(separator: joiner),
                                                                      "months": String(programme.windowMonths)])
        }
        let benefits = benefitTexts(tier.benefits, console)
        return ["code": tier.code, "name": console.language == .zhCN ? tier.nameZh : tier.nameEn, "qualification": qualification,
                "benefits": benefits.isEmpty ? text("membership_page.no_benefits", console) : benefits.joined(separator: "；")]
    }

    /// The points rules as sentences, one per line.
    func programmeRules(_ p: MembershipProgramme, _ console: ConsoleRequest) -> [String] {
        var rules = [
            text("membership_page.rule_earning", console, ["points": String(p.earning.pointsPerUnit), "unit": ConsoleFormat.money(100, p.currency)]),
            text("membership_page.rule_pending", console, ["days": String(p.earning.pendingDays)]),
            text("membership_page.rule_redemption", console, ["points": ConsoleFormat.number(p.redemption.points),
                                                               "value": ConsoleFormat.money(p.redemption.valueMinor, p.currency)]),
            text("membership_page.expiry.\(p.expiry.rule.rawValue)", console, ["months": String(p.expiry.months)]),
            text("membership_page.rule_review", console, ["months": String(p.review.everyMonths), "days": String(p.review.graceDays),
                                                           "levels": String(p.review.maxLevelsDown)]),
            text("membership_page.reversal.\(p.reversalPolicy.rawValue)", console),
        ]
        for (code, percent) in p.earning.categoryMultipliers.sorted(by: { $0.key < $1.key }) {
            rules.append(text("membership_page.rule_category", console, ["code": code, "percent": String(percent)]))
        }
        for campaign in p.earning.campaigns {
            rules.append(text("membership_page.rule_campaign", console, ["name": campaign.name, "from": format.day(campaign.from),
                                                                          "until": format.day(campaign.until), "percent": String(campaign.multiplierPercent)]))
        }
        return rules
    }
}
