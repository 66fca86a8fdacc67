using Dmarc.Core.Onboarding;

namespace Dmarc.Core.Tests.Onboarding;

public class FreeMailDomainsTests
{
    [Fact]
    public void The_data_file_lists_at_least_forty_providers()
    {
        Assert.True(FreeMailDomains.All.Count >= 40, $"only {FreeMailDomains.All.Count}");
    }

    [Theory]
    [InlineData("gmail.com", "Gmail")]
    [InlineData("googlemail.com", "Gmail")]
    [InlineData("outlook.com", "Outlook")]
    [InlineData("hotmail.co.uk", "Outlook")]
    [InlineData("live.com", "Outlook")]
    [InlineData("yahoo.co.jp", "Yahoo")]
    [InlineData("icloud.com", "iCloud")]
    [InlineData("aol.com", "AOL")]
    [InlineData("proton.me", "Proton")]
    [InlineData("gmx.de", "GMX")]
    [InlineData("mail.ru", "Mail.ru")]
    [InlineData("yandex.ru", "Yandex")]
    [InlineData("qq.com", "QQ and NetEase")]
    [InlineData("163.com", "QQ and NetEase")]
    [InlineData("GMAIL.COM", "Gmail")]
    [InlineData("eu.yahoo.com", "Yahoo")]
    public void Each_provider_family_is_recognised(string domain, string family)
    {
        Assert.Equal(family, FreeMailDomains.FamilyOf(domain));
    }

    [Theory]
    [InlineData("contoso.com")]
    [InlineData("mail.contoso.com")]
    [InlineData("gmail.contoso.com")]
    public void Business_domains_are_not_public_providers(string domain)
    {
        Assert.Null(FreeMailDomains.FamilyOf(domain));
    }
}
