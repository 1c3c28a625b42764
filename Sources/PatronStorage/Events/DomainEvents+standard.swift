import PatronCore

extension DomainEvents {
    /// Every module that follows domain events, in the order they react. A module adds its subscriber here.
    public static let standard = DomainEvents([
        MembershipEventSubscriber(),
        InsightEventSubscriber(),
        InteractionLinker(),
        TicketEventSubscriber(),
        SLASubscriber(),
        SurveyEventSubscriber(),
        PersonaEventSubscriber(),
    ])
}
