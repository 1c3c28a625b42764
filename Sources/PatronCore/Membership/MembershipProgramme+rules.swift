import Foundation

extension MembershipProgramme {
    /// Regular, Silver, Gold and Diamond with thresholds a mid-sized Chinese fashion or beauty chain uses.
    public static let defaults = MembershipProgramme(
        currency: .cny, timeZone: "Asia/Shanghai",
        tiers: [
            Tier(code: "regular", nameZh: "普通会员", nameEn: "Regular", qualification: nil,
                 benefits: Benefits(pointsMultiplierPercent: 100, birthdayBonusPoints: 100)),
            Tier(code: "silver", nameZh: "银卡会员", nameEn: "Silver",
                 qualification: Qualification(match: .any, conditions: [Condition(metric: .netSpend, atLeast: 200_000),
                                                                         Condition(metric: .orders, atLeast: 6)]),
                 benefits: Benefits(pointsMultiplierPercent: 120, memberDiscountPercent: 2, birthdayBonusPoints: 200)),
            Tier(code: "gold", nameZh: "金卡会员", nameEn: "Gold",
                 qualification: Qualification(match: .any, conditions: [Condition(metric: .netSpend, atLeast: 800_000),
                                                                         Condition(metric: .orders, atLeast: 20)]),
                 benefits: Benefits(pointsMultiplierPercent: 150, memberDiscountPercent: 5, birthdayBonusPoints: 500,
                                    freeShipping: true, servicePriority: 1, eventAccess: true)),
            Tier(code: "diamond", nameZh: "钻石会员", nameEn: "Diamond",
                 qualification: Qualification(match: .all, conditions: [Condition(metric: .netSpend, atLeast: 3_000_000),
                                                                         Condition(metric: .orders, atLeast: 12)]),
                 benefits: Benefits(pointsMultiplierPercent: 200, memberDiscountPercent: 8, birthdayBonusPoints: 1_000,
                                    freeShipping: true, servicePriority: 2, eventAccess: true)),
        ],
        windowMonths: 12, review: Review(), earning: Earning(), expiry: Expiry(), redemption: Redemption(),
        reversalPolicy: .neverNegative)

    public func tierIndex(_ code: String) -> Int? { tiers.firstIndex { $0.code == code } }

    /// Rejects a programme the engine could not run, naming the setting that is wrong.
    public func validate() throws(PatronError) {
        guard TimeZone(identifier: timeZone) != nil else { throw .invalid(field: "timeZone", message: "unknown time zone '\(timeZone)'") }
        guard (1...10).contains(tiers.count) else { throw .invalid(field: "tiers", message: "a programme has between 1 and 10 tiers") }
        var codes = Set<String>()
        for (index, tier) in tiers.enumerated() {
            let field = "tiers[\(index)]"
            guard tier.code.range(of: "^[a-z0-9_]{1,32}$", options: .regularExpression) != nil else {
                throw .invalid(field: "\(field).code", message: "a tier code is 1–32 lower-case letters, digits or underscores")
            }
            guard codes.insert(tier.code).inserted else { throw .invalid(field: "\(field).code", message: "tier code '\(tier.code)' is used twice") }
            try Validate.text(tier.nameZh, field: "\(field).nameZh", maxLength: 40)
            try Validate.text(tier.nameEn, field: "\(field).nameEn", maxLength: 40)
            if index == 0 {
                guard tier.qualification == nil else {
                    throw .invalid(field: "\(field).qualification", message: "the first tier is everyone's; it takes no qualification")
                }
            } else {
                guard let rule = tier.qualification, !rule.conditions.isEmpty else {
                    throw .invalid(field: "\(field).qualification", message: "tier '\(tier.code)' needs at least one condition")
                }
                for (position, condition) in rule.conditions.enumerated() where !(1...10_000_000_000_000).contains(condition.atLeast) {
                    throw .invalid(field: "\(field).qualification.conditions[\(position)].atLeast", message: "a threshold is between 1 and 10^13")
                }
            }
            let benefits = tier.benefits
            guard (0...1_000).contains(benefits.pointsMultiplierPercent) else {
                throw .invalid(field: "\(field).benefits.pointsMultiplierPercent", message: "a multiplier is between 0 and 1000 percent")
            }
            guard (0...100).contains(benefits.memberDiscountPercent) else {
                throw .invalid(field: "\(field).benefits.memberDiscountPercent", message: "a discount is between 0 and 100 percent")
            }
            guard (0...1_000_000_000).contains(benefits.birthdayBonusPoints) else {
                throw .invalid(field: "\(field).benefits.birthdayBonusPoints", message: "birthday bonus points are 0 to 1,000,000,000")
            }
            guard (0...3).contains(benefits.servicePriority) else {
                throw .invalid(field: "\(field).benefits.servicePriority", message: "service priority is between 0 and 3 levels")
            }
        }
        guard (1...36).contains(windowMonths) else { throw .invalid(field: "windowMonths", message: "the window is 1 to 36 months") }
        guard (1...36).contains(review.everyMonths) else { throw .invalid(field: "review.everyMonths", message: "reviews are 1 to 36 months apart") }
        guard (0...365).contains(review.graceDays) else { throw .invalid(field: "review.graceDays", message: "grace is 0 to 365 days") }
        guard (1...10).contains(review.maxLevelsDown) else { throw .invalid(field: "review.maxLevelsDown", message: "a review may drop 1 to 10 levels") }
        guard (0...1_000).contains(earning.pointsPerUnit) else { throw .invalid(field: "earning.pointsPerUnit", message: "0 to 1000 points per unit") }
        guard (0...365).contains(earning.pendingDays) else { throw .invalid(field: "earning.pendingDays", message: "0 to 365 pending days") }
        for (code, percent) in earning.categoryMultipliers where !(0...1_000).contains(percent) {
            throw .invalid(field: "earning.categoryMultipliers.\(code)", message: "a multiplier is between 0 and 1000 percent")
        }
        for (index, campaign) in earning.campaigns.enumerated() {
            try Validate.text(campaign.name, field: "earning.campaigns[\(index)].name", maxLength: 80)
            guard campaign.from < campaign.until else {
                throw .invalid(field: "earning.campaigns[\(index)].until", message: "a campaign ends after it starts")
            }
            guard (100...1_000).contains(campaign.multiplierPercent) else {
                throw .invalid(field: "earning.campaigns[\(index)].multiplierPercent", message: "a campaign multiplier is 100 to 1000 percent")
            }
            for code in campaign.tiers where tierIndex(code) == nil {
                throw .invalid(field: "earning.campaigns[\(index)].tiers", message: "there is no tier '\(code)'")
            }
        }
        guard expiry.rule != .afterMonths || (1...120).contains(expiry.months) else {
            throw .invalid(field: "expiry.months", message: "points expire after 1 to 120 months")
        }
        guard (1...1_000_000).contains(redemption.points), (1...1_000_000).contains(redemption.valueMinor) else {
            throw .invalid(field: "redemption", message: "points and their value are each between 1 and 1,000,000")
        }
    }

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? .gmt
        return calendar
    }

    func adding(months: Int, to date: Date) -> Date {
        (calendar.date(byAdding: .month, value: months, to: date) ?? date).atStoragePrecision
    }

    /// Where the qualification window ending at `date` starts (exclusive): `windowMonths` earlier.
    public func windowStart(endingAt date: Date) -> Date {
        adding(months: -windowMonths, to: date)
    }

    func adding(days: Int, to date: Date) -> Date {
        (calendar.date(byAdding: .day, value: days, to: date) ?? date).atStoragePrecision
    }

    /// When points earned at `date` expire; nil when they never do.
    func expiry(ofPointsEarnedAt date: Date) -> Date? {
        switch expiry.rule {
        case .never:
            return nil
        case .afterMonths:
            return adding(months: expiry.months, to: date)
        case .endOfFollowingYear:
            let year = calendar.component(.year, from: date)
            return calendar.date(from: DateComponents(year: year + 2, month: 1, day: 1))?.atStoragePrecision
        }
    }

    /// The highest multiplier of the campaigns running at `date` for `tier`, or 100.
    func campaignMultiplier(at date: Date, tier: String) -> (percent: Int, name: String?) {
        let running = earning.campaigns.filter { $0.from <= date && date < $0.until && ($0.tiers.isEmpty || $0.tiers.contains(tier)) }
        guard let best = running.max(by: { $0.multiplierPercent < $1.multiplierPercent }) else { return (100, nil) }
        return (best.multiplierPercent, best.name)
    }

    /// The highest category multiplier among the codes of a line's category and its ancestors, or 100.
    func categoryMultiplier(_ codes: [String]) -> Int {
        codes.compactMap { earning.categoryMultipliers[$0] }.max() ?? 100
    }
}
