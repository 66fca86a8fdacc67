namespace Dmarc.Core.Onboarding;

/// <summary>The answer to adding a domain to an account or verifying its challenge.</summary>
public abstract record DomainClaimResult
{
    private DomainClaimResult()
    {
    }

    public sealed record Invalid(string Domain) : DomainClaimResult;

    public sealed record Added(string Domain) : DomainClaimResult;

    public sealed record AlreadyAdded(string Domain) : DomainClaimResult;

    public sealed record TakenByAnotherAccount(string Domain) : DomainClaimResult;

    /// <summary>The domain is not one of the account's zones: publish the challenge, then verify.</summary>
    public sealed record ChallengeIssued(DomainChallenge Challenge) : DomainClaimResult;

    public sealed record NoChallenge(string Domain) : DomainClaimResult;

    public sealed record ChallengeExpired(string Domain) : DomainClaimResult;

    /// <summary>DNS does not (yet) serve the challenge value at its name.</summary>
    public sealed record NotProven(DomainChallenge Challenge) : DomainClaimResult;
}
