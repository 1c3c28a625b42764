import Foundation

/// The one place membership arithmetic happens. It folds a customer's inputs (orders, refunds, adjustments,
/// overrides) in time order over a `MemberState`, acting on dated events (expiries, reviews, grace ends,
/// override ends) as time passes them. The incremental path and `patron membership rebuild` both run it, so
/// they cannot disagree: the ledger and tier history are derivable from the inputs.
public struct MembershipEngine: Sendable {
    public let programme: MembershipProgramme
    public private(set) var state: MemberState
    /// What this run produced, for storage to write.
    public private(set) var entries: [PointsEntry] = []
    public private(set) var consumptions: [LotConsumption] = []
    public private(set) var tierChanges: [TierChange] = []
    public private(set) var newLots: Set<Int> = []
    public private(set) var changedLots: Set<Int> = []
    public private(set) var changedActivity: Set<Order.ID> = []

    public init(programme: MembershipProgramme, state: MemberState) {
        self.programme = programme
        self.state = state
    }

    /// Applies one input. `strict` refuses a redemption or deduction the balance cannot cover (live
    /// requests); otherwise what can be taken is taken and the rest recorded as a shortfall (replays and
    /// POS history, where the till already accepted the payment).
    public mutating func apply(_ input: MembershipInput, strict: Bool) throws(PatronError) {
        let input = input.atStoragePrecision
        advance(to: input.at)
        if state.lastInput.map({ $0 < input.key }) ?? true { state.lastInput = input.key }
        switch input {
        case .placed(let order, let categories):
            try place(order, lineCategories: categories, strict: strict)
        case .refunded(let order, let orderReturn):
            refund(order, orderReturn)
        case .adjusted(let adjustment):
            try adjust(adjustment, strict: strict)
        case .overrideSet(let override):
            let from = state.standing.tier
            state.standing.override = override
            let until = override.until.map { " until \(day($0))" } ?? ""
            recordTierChange(at: override.setAt, from: from, to: override.tier, cause: .overrideSet, orderId: nil,
                             note: "set by \(override.setBy)\(until): \(override.reason)")
        case .overrideEnded(let id, let at, let by):
            guard let override = state.standing.override, override.id == id else { return }
            endOverride(at: at, note: "ended by \(by)")
        }
    }

    /// Acts on every dated event up to `date`, earliest first, and remembers the last one acted on.
    public mutating func advance(to date: Date) {
        let date = date.atStoragePrecision
        while let (at, event) = nextEvent(notAfter: date) {
            switch event {
            case .overrideEnds: endOverride(at: at, note: "override expired")
            case .lotsExpire: expireLots(at: at)
            case .review: review(at: at)
            }
            if state.advancedTo.map({ $0 < at }) ?? true { state.advancedTo = at }
        }
    }

    /// When the engine must next act for this customer without an input; the expiry job looks for these.
    public var nextEventDate: Date? { nextEvent(notAfter: .distantFuture)?.0 }

    // MARK: - Dated events

    private enum DatedEvent { case overrideEnds, lotsExpire, review }

    private func nextEvent(notAfter date: Date) -> (Date, DatedEvent)? {
        var candidates: [(Date, DatedEvent)] = []
        if let until = state.standing.override?.until { candidates.append((until, .overrideEnds)) }
        if let expiry = state.lots.filter({ $0.remaining > 0 }).compactMap(\.expiresAt).min() { candidates.append((expiry, .lotsExpire)) }
        if let review = state.standing.graceUntil ?? state.standing.reviewDue { candidates.append((review, .review)) }
        // Ties keep the order above: an override ends before lots expire before a review.
        return candidates.filter { $0.0 <= date }.min { $0.0 < $1.0 }
    }

    private mutating func endOverride(at date: Date, note: String) {
        guard let override = state.standing.override else { return }
        state.standing.override = nil
        recordTierChange(at: date, from: override.tier, to: state.standing.earnedTier, cause: .overrideEnded, orderId: nil, note: note)
    }

    private mutating func expireLots(at date: Date) {
        let sequence = state.lastEntry + 1
        var expired: Int64 = 0
        for index in state.lots.indices where state.lots[index].remaining > 0 && state.lots[index].expiresAt.map({ $0 <= date }) == true {
            expired += take(state.lots[index].remaining, fromLotAt: index, entry: sequence)
        }
        append(kind: .expire, points: -expired, at: date, note: "points earned before \(day(date)) reached their expiry")
    }

    /// The anniversary review, or the second look at the end of grace.
    private mutating func review(at date: Date) {
        let earned = programme.tierIndex(state.standing.earnedTier) ?? 0
        let qualified = qualifiedTier(at: date)
        let code = state.standing.earnedTier
        let measures = describe(metrics(at: date))
        if qualified >= earned {
            state.standing.reviewDue = programme.adding(months: programme.review.everyMonths, to: state.standing.reviewDue ?? date)
            state.standing.graceUntil = nil
            recordTierChange(at: date, from: code, to: code, cause: .reviewRetained, orderId: nil, note: "kept at review: \(measures)")
        } else if state.standing.graceUntil == nil && programme.review.graceDays > 0 {
            state.standing.graceUntil = programme.adding(days: programme.review.graceDays, to: date)
            recordTierChange(at: date, from: code, to: code, cause: .graceStarted, orderId: nil,
                             note: "not earned at review (\(measures)); grace until \(day(state.standing.graceUntil!))")
        } else {
            let lowered = max(qualified, earned - programme.review.maxLevelsDown)
            let tier = programme.tiers[lowered].code
            state.standing = TierStanding(earnedTier: tier, since: date,
                                          reviewDue: lowered > 0 ? programme.adding(months: programme.review.everyMonths, to: date) : nil,
                                          graceUntil: nil, override: state.standing.override)
            recordTierChange(at: date, from: code, to: tier, cause: .reviewDowngrade, orderId: nil, note: "lowered at review: \(measures)")
        }
    }

    // MARK: - Inputs

    private mutating func place(_ order: Order, lineCategories: [[String]], strict: Bool) throws(PatronError) {
        guard state.activity[order.id] == nil else { return }
        let at = order.occurredAt
        let pointsPaid = order.payments.filter { $0.method == .points }.reduce(0) { $0 &+ $1.amountMinor }
        let sameCurrency = order.currency == programme.currency
        var redeemed: Int64 = 0
        var redeemedFrom: [RedeemedShare] = []
        if pointsPaid > 0 {
            let needed = programme.redemption.pointsFor(pointsPaid)
            let available = state.available(at: at)
            if strict && available < needed {
                throw .insufficientPoints(field: "payments", available: max(0, available), requested: needed)
            }
            let sequence = state.lastEntry + 1
            let before = consumptions.count
            redeemed = takeSoonestExpiring(needed, entry: sequence, at: at, includingPending: false)
            redeemedFrom = consumptions[before...].compactMap { consumption in
                state.lots.first { $0.number == consumption.lotNumber }.map {
                    RedeemedShare(lotNumber: $0.number, earnedAt: $0.earnedAt, expiresAt: $0.expiresAt, points: consumption.points)
                }
            }.sorted { $0.lotNumber < $1.lotNumber }
            append(kind: .redeem, points: -redeemed, at: at, orderId: order.id, shortfall: needed - redeemed,
                   note: "paid \(amount(pointsPaid)) with \(needed) points")
        }
        let nonPointsPaid = order.totalMinor &- pointsPaid
        let (earned, explanation) = sameCurrency ? earning(for: order, nonPointsPaid: nonPointsPaid, lineCategories: lineCategories) : (0, "")
        var lot: Int?
        if earned > 0 {
            lot = addLot(earned, at: at, availableAt: programme.adding(days: programme.earning.pendingDays, to: at), orderId: order.id)
            append(kind: .earn, points: earned, at: at, orderId: order.id, note: explanation)
        }
        state.activity[order.id] = OrderActivity(
            orderId: order.id, occurredAt: at, netSpendMinor: sameCurrency ? nonPointsPaid : 0, counts: sameCurrency,
            pointsEarned: earned, nonPointsPaidMinor: nonPointsPaid, pointsRedeemed: redeemed, pointsPaidMinor: pointsPaid, lotNumber: lot,
            redeemedFrom: redeemedFrom)
        changedActivity.insert(order.id)
        let earnedIndex = programme.tierIndex(state.standing.earnedTier) ?? 0
        let qualified = qualifiedTier(at: at)
        if qualified > earnedIndex {
            let from = state.standing.earnedTier
            let tier = programme.tiers[qualified].code
            state.standing = TierStanding(earnedTier: tier, since: at, reviewDue: programme.adding(months: programme.review.everyMonths, to: at),
                                          graceUntil: nil, override: state.standing.override)
            recordTierChange(at: at, from: from, to: tier, cause: .qualifyingOrder, orderId: order.id,
                             note: "order \(order.posNumber) reached \(describe(metrics(at: at)))")
        }
    }

    /// Points for an order: each line's value after discounts, times its category multiplier, scaled to the
    /// part paid outside points, times the base rate, the tier multiplier and the best running campaign;
    /// rounded down once, at the end.
    func earning(for order: Order, nonPointsPaid: Int64, lineCategories: [[String]]) -> (Int64, String) {
        let total = order.totalMinor
        guard total > 0, nonPointsPaid > 0, programme.earning.pointsPerUnit > 0 else { return (0, "") }
        let tier = state.standing.tier
        let tierPercent = programme.tiers[programme.tierIndex(tier) ?? 0].benefits.pointsMultiplierPercent
        let campaign = programme.campaignMultiplier(at: order.occurredAt, tier: tier)
        var weighted: Int128 = 0
        var boosted = false
        for (index, value) in RefundRules.lineValues(of: order).enumerated() {
            let percent = programme.categoryMultiplier(index < lineCategories.count ? lineCategories[index] : [])
            if percent != 100 { boosted = true }
            weighted += Int128(value.net) * Int128(percent)
        }
        // Clamped to the documented ranges so that a record stored before the limits cannot overflow 128 bits:
        // at most 10^15 × 10^12 × 1000^3 < 2^127.
        let money = Int128(Limits.moneyMinor.upperBound)
        weighted = min(max(weighted, 0), money * 1_000)
        let paid = min(Int128(nonPointsPaid), money)
        let numerator = weighted * paid * Int128(tierPercent) * Int128(campaign.percent) * Int128(programme.earning.pointsPerUnit)
        let denominator = min(Int128(total), money) * 1_000_000 * Int128(programme.currency.minorUnitsPerMajor)
        let points = Int64(clamping: min(numerator / denominator, Int128(Limits.pointsPerOrder.upperBound)))
        var parts = ["\(programme.earning.pointsPerUnit) pt per unit on \(amount(nonPointsPaid))", "\(tier) \(tierPercent)%"]
        if boosted { parts.append("category bonus") }
        if let name = campaign.name { parts.append("\(name) \(campaign.percent)%") }
        return (points, parts.joined(separator: " × "))
    }

    private mutating func refund(_ order: Order, _ orderReturn: OrderReturn) {
        guard var activity = state.activity[order.id] else { return }
        let at = orderReturn.createdAt
        let pointsRefunded = orderReturn.refunds.filter { $0.method == .points }.reduce(0) { $0 &+ $1.amountMinor }
        let otherRefunded = orderReturn.refundTotalMinor &- pointsRefunded
        activity.nonPointsRefundedMinor &+= otherRefunded
        if order.currency == programme.currency { activity.netSpendMinor &-= otherRefunded }
        activity.counts = activity.counts && order.status != .refunded
        let reverseTarget = activity.nonPointsPaidMinor == 0 ? 0
            : Int64(clamping: Int128(activity.pointsEarned) * Int128(activity.nonPointsRefundedMinor) / Int128(activity.nonPointsPaidMinor))
        let toReverse = reverseTarget - activity.pointsReversed
        activity.pointsReversed = reverseTarget
        if toReverse > 0 {
            let sequence = state.lastEntry + 1
            var taken: Int64 = 0
            if let lot = activity.lotNumber, let index = state.lots.firstIndex(where: { $0.number == lot }) {
                taken = take(min(toReverse, state.lots[index].remaining), fromLotAt: index, entry: sequence)
            }
            taken += takeSoonestExpiring(toReverse - taken, entry: sequence, at: at, includingPending: true)
            let missing = toReverse - taken
            switch programme.reversalPolicy {
            case .neverNegative:
                append(kind: .reverse, points: -taken, at: at, orderId: order.id, returnId: orderReturn.id, shortfall: missing,
                       note: "points earned on \(amount(otherRefunded)) refunded" + (missing > 0 ? "; \(missing) already spent" : ""))
            case .allowNegative:
                state.debt += missing
                append(kind: .reverse, points: -toReverse, at: at, orderId: order.id, returnId: orderReturn.id,
                       note: "points earned on \(amount(otherRefunded)) refunded" + (missing > 0 ? "; \(missing) owed" : ""))
            }
        }
        if pointsRefunded > 0 {
            activity.pointsRefundedMinor &+= pointsRefunded
            let creditTarget = activity.pointsPaidMinor == 0 ? 0
                : Int64(clamping: Int128(activity.pointsRedeemed) * Int128(activity.pointsRefundedMinor) / Int128(activity.pointsPaidMinor))
            let credit = creditTarget - activity.pointsCredited
            if credit > 0 {
                restore(credit, after: activity.pointsCredited, of: activity.redeemedFrom, at: at, orderId: order.id,
                        returnId: orderReturn.id, note: "points payment of \(amount(pointsRefunded)) refunded")
            }
            activity.pointsCredited = creditTarget
            if activity.pointsCredited >= activity.pointsRedeemed { activity.redeemedFrom = [] }
        }
        state.activity[order.id] = activity
        changedActivity.insert(order.id)
    }

    /// Gives back `credit` points of a points payment, skipping the `already` restored, into new lots that keep
    /// the earning and expiry dates of the lots they were spent from, one entry per lot. Points whose expiry
    /// passed meanwhile come back and expire at once, so a refund never extends their life. A redemption's
    /// shares add up to what it took; should any points be left unaccounted for, they come back as a fresh lot.
    private mutating func restore(_ credit: Int64, after already: Int64, of shares: [RedeemedShare], at: Date, orderId: Order.ID,
                                  returnId: UUID, note: String) {
        var skip = already
        var left = credit
        for share in shares.sorted(by: RedeemedShare.restoreOrder) where left > 0 {
            let skipped = min(skip, share.points)
            skip -= skipped
            let points = min(left, share.points - skipped)
            guard points > 0 else { continue }
            left -= points
            let expires = share.expiresAt.map { " expiring \(day($0))" } ?? ""
            let number = addLot(points, earnedAt: share.earnedAt, availableAt: at, expiresAt: share.expiresAt, orderId: nil)
            append(kind: .reverse, points: points, at: at, orderId: orderId, returnId: returnId,
                   note: "\(note): \(points) points earned \(day(share.earnedAt))\(expires) restored")
            if let expiry = share.expiresAt, expiry <= at, let index = state.lots.firstIndex(where: { $0.number == number }) {
                let expired = take(state.lots[index].remaining, fromLotAt: index, entry: state.lastEntry + 1)
                append(kind: .expire, points: -expired, at: at, orderId: orderId, returnId: returnId,
                       note: "restored points had reached their expiry on \(day(expiry))")
            }
        }
        if left > 0 {
            addLot(left, at: at, availableAt: at, orderId: nil)
            append(kind: .reverse, points: left, at: at, orderId: orderId, returnId: returnId, note: note)
        }
    }

    private mutating func adjust(_ adjustment: PointsAdjustment, strict: Bool) throws(PatronError) {
        let note = "\(adjustment.by): \(adjustment.reason)"
        if adjustment.points > 0 {
            addLot(adjustment.points, at: adjustment.at, availableAt: adjustment.at, orderId: nil)
            append(kind: .adjust, points: adjustment.points, at: adjustment.at, note: note)
        } else if adjustment.points < 0 {
            let wanted = -adjustment.points
            let available = state.available(at: adjustment.at)
            if strict && available < wanted {
                throw .insufficientPoints(field: "points", available: max(0, available), requested: wanted)
            }
            let taken = takeSoonestExpiring(wanted, entry: state.lastEntry + 1, at: adjustment.at, includingPending: false)
            append(kind: .adjust, points: -taken, at: adjustment.at, shortfall: wanted - taken, note: note)
        }
    }

    // MARK: - Lots and entries

    /// Adds a lot numbered after the entry about to be appended; a debt is paid from it first.
    @discardableResult
    private mutating func addLot(_ points: Int64, at: Date, availableAt: Date, orderId: Order.ID?) -> Int {
        addLot(points, earnedAt: at, availableAt: availableAt, expiresAt: programme.expiry(ofPointsEarnedAt: at), orderId: orderId)
    }

    @discardableResult
    private mutating func addLot(_ points: Int64, earnedAt: Date, availableAt: Date, expiresAt: Date?, orderId: Order.ID?) -> Int {
        let number = state.lastEntry + 1
        state.lots.append(PointsLot(number: number, earnedAt: earnedAt, availableAt: availableAt, expiresAt: expiresAt,
                                    points: points, remaining: points, orderId: orderId))
        newLots.insert(number)
        if state.debt > 0 {
            let paid = take(min(state.debt, points), fromLotAt: state.lots.count - 1, entry: number)
            state.debt -= paid
        }
        return number
    }

    /// Takes up to `points` from the soonest-expiring lots (then earliest earned, then number) and answers what
    /// it took. Expiry, not earning, decides: after a programme change shortens expiry, or a refund restores
    /// points with their old expiry, the oldest lot is not always the next to lapse.
    private mutating func takeSoonestExpiring(_ points: Int64, entry: Int, at: Date, includingPending: Bool) -> Int64 {
        guard points > 0 else { return 0 }
        let order = state.lots.indices
            .filter { state.lots[$0].remaining > 0 && (includingPending || state.lots[$0].availableAt <= at) }
            .sorted { PointsLot.spendingOrder(state.lots[$0], state.lots[$1]) }
        var taken: Int64 = 0
        for index in order where taken < points {
            taken += take(min(points - taken, state.lots[index].remaining), fromLotAt: index, entry: entry)
        }
        return taken
    }

    private mutating func take(_ points: Int64, fromLotAt index: Int, entry: Int) -> Int64 {
        guard points > 0 else { return 0 }
        state.lots[index].remaining -= points
        consumptions.append(LotConsumption(entrySequence: entry, lotNumber: state.lots[index].number, points: points))
        if !newLots.contains(state.lots[index].number) { changedLots.insert(state.lots[index].number) }
        return points
    }

    private mutating func append(kind: PointsEntryKind, points: Int64, at: Date, orderId: Order.ID? = nil, returnId: UUID? = nil,
                                 shortfall: Int64 = 0, note: String) {
        state.lastEntry += 1
        state.balance &+= points
        entries.append(PointsEntry(customerId: state.customerId, sequence: state.lastEntry, kind: kind, points: points, at: at,
                                   orderId: orderId, returnId: returnId, shortfall: shortfall, balanceAfter: state.balance, note: note))
    }

    private mutating func recordTierChange(at: Date, from: String, to: String, cause: TierChange.Cause, orderId: Order.ID?, note: String) {
        state.lastTierChange += 1
        tierChanges.append(TierChange(customerId: state.customerId, sequence: state.lastTierChange, at: at, fromTier: from, toTier: to,
                                      cause: cause, orderId: orderId, note: note))
    }

    // MARK: - Tier measures

    /// The window's measures ending at `date` (inclusive), starting `windowMonths` earlier (exclusive).
    public func metrics(at date: Date) -> WindowMetrics {
        let start = programme.windowStart(endingAt: date)
        var metrics = WindowMetrics()
        for activity in state.activity.values where activity.occurredAt > start && activity.occurredAt <= date {
            metrics.netSpendMinor &+= activity.netSpendMinor
            if activity.counts { metrics.orders += 1 }
            metrics.pointsEarned &+= activity.pointsEarned &- activity.pointsReversed
        }
        return metrics
    }

    /// The highest tier whose rule the window ending at `date` meets.
    public func qualifiedTier(at date: Date) -> Int {
        let metrics = metrics(at: date)
        return programme.tiers.indices.last { index in
            index == 0 || programme.tiers[index].qualification?.isMet(by: metrics) == true
        } ?? 0
    }

    private func describe(_ metrics: WindowMetrics) -> String {
        "net spend \(amount(metrics.netSpendMinor)), \(metrics.orders) orders, \(metrics.pointsEarned) points in \(programme.windowMonths) months"
    }

    func amount(_ minor: Int64) -> String { MembershipFormat.amount(minor, currency: programme.currency) }

    func day(_ date: Date) -> String { MembershipFormat.day(date, in: programme.calendar.timeZone) }
}
