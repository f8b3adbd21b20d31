using Microsoft.Extensions.DependencyInjection;
using Studio.Data.Members;
using Studio.Data.Scripts;
using Studio.Data.Users;
using Studio.Runtime.Operations;
using Studio.Web.Account;
using Studio.Web.Tests.Browser;

namespace Studio.Web.Tests.Seeding;

/// <summary>First run of the all-in-one host on a fresh database, then restarts on the same file.</summary>
public sealed class StudioSeederTests
{
    [Fact]
    public async Task First_run_seeds_the_library_the_demo_members_and_one_admin_with_the_preset_password()
    {
        await using var host = new StudioTestHost();
        var drafts = host.Services.GetRequiredService<IScriptDraftStore>();
        var page = await drafts.ListAsync(new ScriptQuery { Take = 100 });
        Assert.Equal(
            ["birthday-care-wecom", "dormant-reactivation", "double11-vip-notice", "post-purchase-wecom-add", "store-gift-pickup", "wecom-welcome-first-order"],
            page.Items.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(page.Items, d => Assert.Equal(ScriptStatus.Draft, d.Status));

        var members = await host.Services.GetRequiredService<IMemberStore>().ListAsync(new MemberQuery { Take = 500 });
        Assert.Equal(50, members.Items.Count);
        // Numbers are stored masked only (no secret configured): 199****0001.
        Assert.All(members.Items, m => Assert.Matches(@"^199\*{4}\d{4}$", m.PhoneMasked));
        Assert.Contains(members.Items, m => m.Tier == "SVIP");
        Assert.Contains(members.Items, m => m.Tier == "VIP");
        Assert.All(members.Items, m => Assert.False(string.IsNullOrEmpty(m.Attributes.GetValueOrDefault("store_address"))));

        var users = await host.Services.GetRequiredService<IUserStore>().ListAsync();
        var admin = Assert.Single(users);
        Assert.Equal((StudioTestHost.AdminUser, StudioAuth.Roles.Admin), (admin.UserName, admin.Role));
        Assert.DoesNotContain(StudioTestHost.AdminPassword, admin.PasswordHash, StringComparison.Ordinal);
        Assert.True(host.Services.GetRequiredService<StudioPasswords>().Verify(admin, StudioTestHost.AdminPassword));
    }

    [Fact]
    public async Task A_restart_seeds_nothing_again_and_a_deleted_library_script_stays_deleted()
    {
        var directory = Directory.CreateTempSubdirectory("studio-web-seed-").FullName;
        try
        {
            await using (var first = new StudioTestHost(directory: directory))
            {
                var drafts = first.Services.GetRequiredService<IScriptDraftStore>();
                Assert.True(await drafts.DeleteAsync("store-gift-pickup"));
                await first.Services.GetRequiredService<IMemberStore>().DeleteAsync("M100001");
            }
            // The second start is told another admin password: the existing admin keeps theirs.
            await using var second = new StudioTestHost(new Dictionary<string, string?> { ["Studio:Studio:AdminPassword"] = "another-password" }, directory);
            var all = await second.Services.GetRequiredService<IScriptDraftStore>().ListAsync(new ScriptQuery { Take = 100 });
            Assert.DoesNotContain("store-gift-pickup", all.Items.Select(d => d.Id));
            Assert.Equal(5, all.Items.Count);
            Assert.Null(await second.Services.GetRequiredService<IScriptDraftStore>().GetAsync("store-gift-pickup"));
            Assert.Equal(49, (await second.Services.GetRequiredService<IMemberStore>().ListAsync(new MemberQuery { Take = 500 })).Items.Count);
            var admin = Assert.Single(await second.Services.GetRequiredService<IUserStore>().ListAsync());
            Assert.True(second.Services.GetRequiredService<StudioPasswords>().Verify(admin, StudioTestHost.AdminPassword));
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public void The_demo_members_file_is_readable_and_every_number_is_in_the_fictional_block()
    {
        var members = Studio.Web.Seeding.DemoMembers.Read(Path.Combine(AppContext.BaseDirectory, "seeds", "members", "demo-members.json"));
        Assert.Equal(50, members.Count);
        Assert.Equal(members.Count, members.Select(m => m.Id).Distinct().Count());
        Assert.All(members, m => Assert.Matches(@"^19900000\d{3}$", m.Phone));
        Assert.All(members, m => Assert.False(string.IsNullOrEmpty(m.Surname) || string.IsNullOrEmpty(m.Title)));
    }
}
