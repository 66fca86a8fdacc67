using Dmarc.Core.Accounts;

namespace Dmarc.Core.Tests.Accounts;

public class NewAccountTests
{
    [Theory]
    [InlineData("Monitor")]
    [InlineData("premium")]
    [InlineData("ENTERPRISE")]
    public void A_complete_request_is_valid(string edition)
    {
        Assert.True(new NewAccount("Contoso", ["sec@contoso.com"], edition).Validate().IsEmpty);
    }

    [Fact]
    public void Every_bad_field_gets_its_own_message()
    {
        var errors = new NewAccount(" ", ["ok@contoso.com", "not-an-address"], "Gold").Validate().ToDictionary();

        Assert.Equal(["The account name is required."], errors["name"]);
        Assert.Equal(["'not-an-address' is not a valid e-mail address."], errors["ownerEmails[1]"]);
        Assert.Equal(["The edition must be one of Monitor, Premium, Enterprise."], errors["edition"]);
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Missing_owners_and_edition_are_reported()
    {
        var errors = new NewAccount("Contoso", null, null).Validate().ToDictionary();

        Assert.Equal(["At least one owner e-mail address is required."], errors["ownerEmails"]);
        Assert.Contains("edition", errors.Keys);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("Monitor,Premium")]
    [InlineData("")]
    public void Numeric_or_combined_editions_are_refused(string edition)
    {
        Assert.Contains("edition", new NewAccount("Contoso", ["a@b.example"], edition).Validate().ToDictionary().Keys);
    }

    [Fact]
    public void Overlong_names_and_too_many_owners_are_refused()
    {
        var owners = Enumerable.Range(0, NewAccount.MaxOwners + 1).Select(i => $"o{i}@contoso.com").ToArray();
        var errors = new NewAccount(new string('x', NewAccount.MaxNameLength + 1), owners, "Monitor").Validate().ToDictionary();

        Assert.Equal([$"The account name must be at most {NewAccount.MaxNameLength} characters."], errors["name"]);
        Assert.Equal([$"At most {NewAccount.MaxOwners} owners can be given."], errors["ownerEmails"]);
    }
}
