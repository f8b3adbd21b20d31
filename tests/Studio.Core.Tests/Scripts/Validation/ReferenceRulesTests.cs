using Studio.Core.Scripts;
using static Studio.Core.Tests.Scripts.Validation.Lint;

namespace Studio.Core.Tests.Scripts.Validation;

public class ReferenceRulesTests
{
    private const string Offer = "\"incentive\": \"c30\", ";

    [Fact]
    public void An_offer_of_an_unknown_incentive_is_an_error()
    {
        var json = Clean.With(Offer, "\"incentive\": \"c50\", ");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UnknownIncentive,
            "the offer uses unknown incentive 'c50': add it to 'incentives' or fix the id", "$.nodes[1].incentive", "offer", 16));
    }

    [Fact]
    public void An_offer_of_an_unknown_incentive_set_is_an_error_with_a_hint_when_it_is_an_incentive()
    {
        var json = Clean.With(Offer, "\"incentiveSet\": \"c30\", ");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UnknownIncentive,
            "the offer uses unknown incentive set 'c30': 'c30' is a single incentive, so use 'incentive'", "$.nodes[1].incentiveSet", "offer", 16));
    }

    [Fact]
    public void An_offer_without_incentive_is_an_error()
    {
        var json = Clean.With(Offer, "").With("{{offer.framing}}您一张{{offer.description}}", "送您一张券");

        AssertOnly(Validate(json), Error(DiagnosticCodes.InvalidOffer,
            "the offer names no incentive: set 'incentive' or 'incentiveSet' to an id from the library", "$.nodes[1]", "offer", 16));
    }

    [Fact]
    public void An_offer_with_both_an_incentive_and_a_set_is_an_error()
    {
        var json = Clean
            .AddTopLevel("\"incentiveSets\": [{\"id\": \"pack\", \"name\": \"组合礼\", \"items\": [\"c30\"]}]")
            .With(Offer, Offer + "\"incentiveSet\": \"pack\", ");

        AssertOnly(Validate(json), Error(DiagnosticCodes.InvalidOffer,
            "the offer sets both 'incentive' and 'incentiveSet': keep one (a set already stacks several incentives)", "$.nodes[1].incentiveSet", "offer", 17));
    }

    [Fact]
    public void An_incentive_set_listing_an_unknown_incentive_is_an_error()
    {
        var json = Clean
            .AddTopLevel("\"incentiveSets\": [{\"id\": \"pack\", \"name\": \"组合礼\", \"items\": [\"c30\", \"mask\"]}]")
            .With(Offer, "\"incentiveSet\": \"pack\", ");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UnknownIncentive,
            "incentive set 'pack' lists unknown incentive 'mask': add it to 'incentives' or fix the id", "$.incentiveSets[0].items[1]", null, 7));
    }

    [Theory]
    [InlineData("""{"id": "c", "type": "coupon", "name": "券", "threshold": 199}""", "coupon 'c' has no amount: set 'amount' to its face value in yuan", "amount")]
    [InlineData("""{"id": "g", "type": "gift", "name": "小样", "value": 59}""", "gift 'g' has no item: set 'item' to what the member gets (e.g. 旅行装面膜)", "item")]
    [InlineData("""{"id": "p", "type": "points", "name": "积分"}""", "points incentive 'p' has no points: set 'points' to how many the member gets", "points")]
    [InlineData("""{"id": "r", "type": "red_packet", "name": "红包", "max": 99}""", "red packet 'r' needs 'min' and 'max' (its range in yuan)", "min")]
    [InlineData("""{"id": "r", "type": "red_packet", "name": "红包", "min": 99, "max": 9}""", "red packet 'r' needs 0 ≤ min < max; it has min 99 and max 9", "min")]
    public void An_incentive_missing_a_field_its_type_needs_is_an_error(string incentive, string message, string field)
    {
        var json = Clean.With("\"cost\": 30}", "\"cost\": 30},\n    " + incentive);

        AssertOnly(Validate(json), Error(DiagnosticCodes.IncompleteIncentive, message, "$.incentives[1]." + field, null, 9));
    }

    [Fact]
    public void Free_shipping_and_complete_incentives_of_every_type_are_fine()
    {
        var json = Clean.With("\"cost\": 30}", """
            "cost": 30},
                {"id": "g", "type": "gift", "name": "小样", "item": "旅行装面膜", "value": 59},
                {"id": "p", "type": "points", "name": "积分", "points": 200},
                {"id": "r", "type": "red_packet", "name": "红包", "min": 1, "max": 99, "framing": "chance"},
                {"id": "f", "type": "free_shipping", "name": "包邮"}
            """.Trim());

        Assert.Empty(Validate(json));
    }

    [Fact]
    public void A_set_node_assigning_an_undeclared_variable_is_an_error()
    {
        var json = Clean
            .AddTopLevel("\"variables\": [{\"name\": \"visits\", \"type\": \"number\", \"default\": 0}]")
            .With("\"next\": \"end_ok\"", "\"next\": \"count\"")
            .AddNodes("""{"id": "count", "kind": "set", "assign": {"visits": "visits + 1", "vists": "1"}, "routes": {"next": "end_ok"}}""");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UndeclaredVariable,
            "the set node assigns undeclared variable 'vists': declare it in 'variables' or fix the name", "$.nodes[8].assign.vists", "count", 24));
    }

    [Fact]
    public void StoreAs_on_an_undeclared_variable_is_an_error()
    {
        var json = Clean.With("\"id\": \"ask_add\", \"kind\": \"ask\",", "\"id\": \"ask_add\", \"kind\": \"ask\", \"storeAs\": \"answer\",");

        AssertOnly(Validate(json), Error(DiagnosticCodes.UndeclaredVariable,
            "'storeAs' names undeclared variable 'answer': declare it in 'variables' (type string) or fix the name", "$.nodes[2].storeAs", "ask_add", 17));
    }
}
