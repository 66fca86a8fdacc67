using System.Text;
using Dmarc.Core.Records;

namespace Dmarc.Core.Tests.Records;

public class TxtChunksTests
{
    [Fact]
    public void Short_text_is_one_string()
    {
        Assert.Equal(["v=DMARC1; p=none"], TxtChunks.Split("v=DMARC1; p=none"));
    }

    [Fact]
    public void Long_text_is_split_into_255_byte_strings_that_join_back()
    {
        var rua = string.Join(",", Enumerable.Range(0, 12).Select(i => $"mailto:dmarc-reports-{i}@receiver-{i}.example.com!10m"));
        var text = "v=DMARC1; p=reject; rua=" + rua;

        var chunks = TxtChunks.Split(text);

        Assert.True(chunks.Count >= 3);
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(255, Encoding.UTF8.GetByteCount(c)));
        Assert.Equal(text, TxtChunks.Join(chunks));
    }

    [Fact]
    public void Multi_byte_characters_are_never_cut()
    {
        var text = new string('a', 254) + "é" + new string('b', 10);

        var chunks = TxtChunks.Split(text);

        Assert.Equal([new string('a', 254), "é" + new string('b', 10)], chunks);
    }

    [Fact]
    public void An_edit_keeps_the_strings_it_did_not_touch_and_undoing_it_gives_them_back()
    {
        string[] original = ["v=DMARC1; p=reject; rua=mailto:a@x.example; ", new string('n', 240)];
        var edited = original[0].Replace("a@x.example", "a@x.example,mailto:r@y.example", StringComparison.Ordinal) + original[1];

        var split = TxtChunks.Resplit(original, edited);
        var undone = TxtChunks.Resplit(split, string.Concat(original));

        Assert.Equal(original[1], split[^1]);
        Assert.Equal(edited, TxtChunks.Join(split));
        Assert.Equal(original, undone);
    }

    [Fact]
    public void Text_added_at_the_end_joins_the_last_string_while_it_fits()
    {
        Assert.Equal(["v=DMARC1; p=none; rua=mailto:r@y.example"], TxtChunks.Resplit(["v=DMARC1; p=none"], "v=DMARC1; p=none; rua=mailto:r@y.example"));
    }
}

