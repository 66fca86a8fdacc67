using Dmarc.Core.Enforcement;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;

namespace Dmarc.Core.Tests.Enforcement;

public sealed class ReadinessTests
{
    private static readonly DateOnly To = new(2026, 11, 30);
    private static readonly DateOnly From = To.AddDays(-13);
    private static readonly EnforcementOptions Options = new();

    [Fact]
    public void A_domain_whose_approved_senders_pass_with_enough_data_is_ready_for_both()
    {
        var readiness = Evaluate(Days(14, ("service_sendgrid", 300, 297), ("unidentified", 1, 0)), Approved("service_sendgrid"));

        Assert.True(readiness.Quarantine.Ready);
        Assert.True(readiness.Reject.Ready);
        Assert.Equal((4_214L, 14, 0.33), (readiness.Messages, readiness.DaysWithData, readiness.UnreviewedPercent));
        Assert.Equal(PassBand.Passing, Assert.Single(readiness.ApprovedSenders).Band);
    }

    [Fact]
    public void Every_reason_is_given_in_words_and_numbers()
    {
        var readiness = Evaluate(Days(5, ("service_sendgrid", 100, 90), ("service_mailchimp", 30, 30), ("unidentified", 10, 0)), Approved("service_sendgrid"));

        Assert.False(readiness.Quarantine.Ready);
        Assert.Equal(
            [ReadinessCode.TooFewDays, ReadinessCode.TooFewMessages, ReadinessCode.ApprovedSenderBelowPassing, ReadinessCode.UnreviewedVolume],
            readiness.Quarantine.Reasons.Select(r => r.Code));
        Assert.Equal(
            [
                "Reports cover 5 of the 14 days from 2026-11-17 to 2026-11-30; at least 10 are needed.",
                "Reports show 700 messages from 2026-11-17 to 2026-11-30; at least 1,000 are needed to judge the senders.",
                "The approved sender service_sendgrid (service_sendgrid) passed DMARC for 450 of 500 messages (90.0 %), 5.0 points below Passing (95 %): 25 more would have had to pass. Fix its SPF or DKIM alignment first.",
                "200 of 700 messages (28.57 %) came from senders neither approved nor denied; quarantine needs at most 1.0 %. Review the senders list: approve what is yours, deny the rest.",
            ],
            readiness.Quarantine.Reasons.Select(r => r.Text));
        Assert.Equal("service_sendgrid", readiness.Quarantine.Reasons[2].SenderId);
    }

    [Fact]
    public void Reject_asks_for_less_unreviewed_volume_than_quarantine()
    {
        // 14 of 1,414 messages unreviewed: 0.99 %, within 1 % and above 0.5 %.
        var readiness = Evaluate(Days(14, ("service_sendgrid", 100, 100), ("unidentified", 1, 0)), Approved("service_sendgrid"), new EnforcementOptions { MaxUnreviewedPercent = 1, RejectMaxUnreviewedPercent = 0.5 });

        Assert.True(readiness.Quarantine.Ready);
        Assert.Equal([ReadinessCode.UnreviewedVolume], readiness.Reject.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void No_approved_sender_is_a_reason_and_denied_traffic_is_reviewed()
    {
        var readiness = Evaluate(Days(14, ("service_sendgrid", 100, 100)), new Dictionary<string, SenderDecision> { ["service_sendgrid"] = SenderDecision.Denied });

        Assert.Equal([ReadinessCode.NoApprovedSender], readiness.Quarantine.Reasons.Select(r => r.Code));
        Assert.Equal(0, readiness.UnreviewedPercent);
    }

    private static EnforcementReadiness Evaluate(IReadOnlyList<DailySummary> days, IReadOnlyDictionary<string, SenderDecision> decided, EnforcementOptions? options = null) =>
        ReadinessService.Evaluate("contoso.example", From, To, days, decided, options ?? Options);

    private static Dictionary<string, SenderDecision> Approved(string id) => new() { [id] = SenderDecision.Approved };

    /// <summary>The last <paramref name="count"/> days of the period, each with the same senders (id, messages, DMARC passes).</summary>
    private static DailySummary[] Days(int count, params (string Id, long Messages, long Pass)[] senders) =>
        [.. Enumerable.Range(0, count).Select(i => new DailySummary(
            "contoso.example",
            To.AddDays(-i),
            [.. senders.Select(s => new SenderDay(s.Id, s.Id == "unidentified" ? SenderClass.Unidentified : SenderClass.Service, s.Id, new RollupCounts(s.Messages, s.Pass, s.Pass, s.Pass, s.Messages, 0, 0), []))],
            DateTimeOffset.UnixEpoch))];
}
