using System.Collections.Concurrent;
using System.Net;
using Dmarc.Core.Dns;
using Dmarc.Core.IpData;
using Dmarc.Core.Reports;
using Dmarc.Core.Senders;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dmarc.Core.Tests.Senders;

/// <summary>The lookup worker with hand-written fakes of its ports: cache TTLs, timeouts and the concurrency bound.</summary>
public class SenderLookupServiceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeReverseDns _dns = new();
    private readonly FakeCache _cache = new();
    private readonly FakeClassifications _classes = new();
    private readonly Rollup.InMemoryRollupMarks _marks = new();

    private SenderLookupService Service(SenderLookupOptions? options = null) => new(
        Options.Create(options ?? new SenderLookupOptions()), _dns, _cache, new NoIpData(), new NoContributions(), _classes,
        new SenderClassifier(SenderCatalogue.Default, PublicSuffixList.Default), _marks, _time, NullLogger<SenderLookupService>.Instance);

    private static SenderLookupBatch Batch(params string[] ips) => new("example.com", "k1", [new DateOnly(2026, 11, 30)], ips);

    [Fact]
    public async Task A_class_change_marks_the_rollup_days_again_and_an_unchanged_class_marks_nothing()
    {
        // Unidentified on first sight: it already counted as unidentified, so nothing is marked.
        await Service().ProcessAsync(Batch("167.89.123.45"));
        Assert.Empty(_marks.Rows);

        // Its PTR now confirms SendGrid: every day of the window up to today is marked, the report's day included.
        _time.Advance(TimeSpan.FromDays(8));
        _dns.Answers["167.89.123.45"] = new ReverseDnsResult(ReverseDnsStatus.Confirmed, "o1.ptr1.sendgrid.net");
        await Service().ProcessAsync(Batch("167.89.123.45"));
        var days = _marks.Rows.Keys.Select(m => m.Day).Order().ToArray();
        Assert.All(_marks.Rows.Keys, m => Assert.Equal(("example.com", Core.Rollup.RollupMark.Reclassified), (m.Domain, m.Source)));
        Assert.Equal((new DateOnly(2026, 11, 10), new DateOnly(2026, 12, 9), 30), (days[0], days[^1], days.Length));

        _marks.Rows.Clear();
        await Service().ProcessAsync(Batch("167.89.123.45"));
        Assert.Empty(_marks.Rows);
    }

    [Fact]
    public async Task A_first_classification_as_a_known_sender_marks_the_reports_days()
    {
        _dns.Answers["167.89.123.45"] = new ReverseDnsResult(ReverseDnsStatus.Confirmed, "o1.ptr1.sendgrid.net");

        await Service().ProcessAsync(Batch("167.89.123.45"));

        Assert.Equal([new Core.Rollup.RollupMark("example.com", new DateOnly(2026, 11, 30), Core.Rollup.RollupMark.Reclassified)], _marks.Rows.Keys);
    }

    [Fact]
    public async Task An_ip_is_looked_up_once_while_its_answer_is_fresh_and_again_after_the_ttl()
    {
        var service = Service(new SenderLookupOptions { CacheTtl = TimeSpan.FromDays(7) });

        await service.ProcessAsync(Batch("192.0.2.1"));
        await service.ProcessAsync(Batch("192.0.2.1"));
        _time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        await service.ProcessAsync(Batch("192.0.2.1"));
        Assert.Equal(1, _dns.Calls["192.0.2.1"]);

        _time.Advance(TimeSpan.FromSeconds(1));
        await service.ProcessAsync(Batch("192.0.2.1"));
        Assert.Equal(2, _dns.Calls["192.0.2.1"]);
    }

    [Fact]
    public async Task A_lookup_that_hangs_is_cut_off_kept_as_failed_and_tried_again_after_the_failure_ttl()
    {
        _dns.Hang.Add("192.0.2.9");
        var service = Service(new SenderLookupOptions { LookupTimeout = TimeSpan.FromMilliseconds(50), FailureTtl = TimeSpan.FromHours(1) });

        var result = Assert.Single(await service.ProcessAsync(Batch("192.0.2.9")));

        Assert.Equal(ReverseDnsStatus.Failed, result.Facts.ReverseDns.Status);
        Assert.Equal(SenderClass.Unidentified, result.Class);
        _time.Advance(TimeSpan.FromMinutes(59));
        await service.ProcessAsync(Batch("192.0.2.9"));
        Assert.Equal(1, _dns.Calls["192.0.2.9"]);
        _time.Advance(TimeSpan.FromMinutes(1));
        await service.ProcessAsync(Batch("192.0.2.9"));
        Assert.Equal(2, _dns.Calls["192.0.2.9"]);
    }

    [Fact]
    public async Task No_more_lookups_run_at_once_than_the_bound()
    {
        _dns.Delay = TimeSpan.FromMilliseconds(20);
        var ips = Enumerable.Range(1, 40).Select(i => $"198.51.100.{i}").ToArray();

        var results = await Service(new SenderLookupOptions { MaxConcurrency = 3 }).ProcessAsync(Batch(ips));

        Assert.Equal(ips, results.Select(r => r.Ip));
        Assert.InRange(_dns.MostAtOnce, 1, 3);
        Assert.Equal(40, _classes.Rows.Count);
    }

    [Fact]
    public async Task A_confirmed_ptr_of_a_service_classifies_the_ip_as_that_service()
    {
        _dns.Answers["167.89.123.45"] = new ReverseDnsResult(ReverseDnsStatus.Confirmed, "o1.ptr1.sendgrid.net");

        var result = Assert.Single(await Service().ProcessAsync(Batch("167.89.123.45")));

        Assert.Equal(("service_sendgrid", "o1.ptr1.sendgrid.net"), (result.SenderId, result.Facts.ConfirmedReverseDns));
        Assert.Same(result, _classes.Rows[("example.com", "167.89.123.45")]);
    }

    private sealed class FakeReverseDns : IReverseDns
    {
        private int _running;

        public ConcurrentDictionary<string, int> Calls { get; } = new();

        public ConcurrentDictionary<string, ReverseDnsResult> Answers { get; } = new();

        public HashSet<string> Hang { get; } = [];

        public TimeSpan Delay { get; set; }

        public int MostAtOnce { get; private set; }

        public async Task<ReverseDnsResult> LookupAsync(string ip, CancellationToken cancellationToken = default)
        {
            Calls.AddOrUpdate(ip, 1, (_, n) => n + 1);
            var now = Interlocked.Increment(ref _running);
            lock (Calls)
            {
                MostAtOnce = Math.Max(MostAtOnce, now);
            }

            try
            {
                if (Hang.Contains(ip))
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                if (Delay > TimeSpan.Zero)
                {
                    await Task.Delay(Delay, CancellationToken.None);
                }

                return Answers.GetValueOrDefault(ip) ?? ReverseDnsResult.None;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    private sealed class FakeCache : IIpFactsCache
    {
        private readonly ConcurrentDictionary<string, IpFacts> _facts = new();

        public Task<IpFacts?> GetAsync(string ip, CancellationToken cancellationToken = default) => Task.FromResult(_facts.GetValueOrDefault(ip));

        public Task PutAsync(IpFacts facts, CancellationToken cancellationToken = default)
        {
            _facts[facts.Ip] = facts;
            return Task.CompletedTask;
        }
    }

    private sealed class FakeClassifications : ISenderClassifications
    {
        public ConcurrentDictionary<(string, string), SenderClassification> Rows { get; } = new();

        public Task<SenderClassification> UpdateAsync(string domain, string ip, Func<SenderClassification?, SenderClassification> update, CancellationToken cancellationToken = default) =>
            Task.FromResult(Rows[(domain, ip)] = update(Rows.GetValueOrDefault((domain, ip))));

        public Task<IReadOnlyList<SenderClassification>> ListAsync(string domain, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SenderClassification>>([.. Rows.Values.Where(r => r.Domain == domain)]);

        public Task<IReadOnlyList<SenderClassification>> ListOutdatedAsync(string version, int max, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SenderClassification>>([.. Rows.Values.Where(r => r.CatalogueVersion != version).Take(max)]);
    }

    private sealed class NoContributions : IContributionLookup
    {
        public Task<Contribution?> GetAsync(string domain, DateOnly day, string reportKey, string sourceIp, CancellationToken cancellationToken = default) => Task.FromResult<Contribution?>(null);

        public Task<IReadOnlyList<Contribution>> RangeAsync(string domain, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<Contribution>>([]);
    }

    private sealed class NoIpData : IIpIntelligence
    {
        public IpInfo Lookup(IPAddress address) => IpInfo.None;
    }
}
