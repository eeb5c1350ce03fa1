using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Core;
using Sodimo.Crm.Testing.Rest;

namespace Sodimo.Crm.Testing.Tests.Rest;

/// <summary>API-FACTS §1.4 filter grammar and PEER-CASES [filter], at the parser level.</summary>
public sealed class FilterParserTests
{
    private static string Text(JsonNode? n) => n!.GetValue<string>();

    [Fact]
    public void Bare_conditions_are_wrapped_in_and()
    {
        // PEER-CASES [filter] implicit and(...): fieldNumber[eq]:1,fieldText[eq]:"Test"
        var f = RestFilterParser.Parse("fieldNumber[eq]:1,fieldText[eq]:\"Test\"").ShouldBeOfType<AndFilter>();
        f.Children.Count.ShouldBe(2);
        var second = f.Children[1].ShouldBeOfType<FieldFilter>();
        second.Path.ShouldBe(["fieldText"]);
        Text(second.Operand).ShouldBe("Test");
    }

    [Fact]
    public void Conjunctions_nest_and_not_takes_one_condition()
    {
        // PEER-CASES [filter] and/or/not nest to any depth; API-FACTS official example
        var f = RestFilterParser.Parse("or(createdAt[gte]:\"2024-01-01\",createdAt[lte]:\"2023-01-01\",not(id[is]:NULL))").ShouldBeOfType<OrFilter>();
        f.Children.Count.ShouldBe(3);
        var not = f.Children[2].ShouldBeOfType<NotFilter>();
        var leaf = not.Child.ShouldBeOfType<FieldFilter>();
        leaf.Operator.ShouldBe("is");
        Text(leaf.Operand).ShouldBe("NULL");
    }

    [Fact]
    public void Not_with_two_conditions_is_rejected()
    {
        // PEER-CASES [filter] 'not' with more than one condition
        Should.Throw<EmulatorException>(() => RestFilterParser.Parse("not(a[eq]:1,b[eq]:2)")).Message
            .ShouldBe("'filter' invalid. 'not' conjunction should contain only 1 condition. eg: not(field[eq]:1)");
    }

    [Theory]
    [InlineData("fieldText[eq]:\"val,ue\"")]
    [InlineData("fieldText[eq]:'val,ue'")]
    public void Commas_inside_quotes_do_not_split_and_quotes_are_stripped(string filter)
    {
        // PEER-CASES [filter] quoted commas
        var f = RestFilterParser.Parse(filter).ShouldBeOfType<AndFilter>();
        f.Children.Count.ShouldBe(1);
        Text(f.Children[0].ShouldBeOfType<FieldFilter>().Operand).ShouldBe("val,ue");
    }

    [Fact]
    public void Commas_inside_bracketed_list_do_not_split_conditions()
    {
        // PEER-CASES [filter] and(fieldNumber[in]:[1,2],fieldNumber[eq]:4) has two conditions
        var f = RestFilterParser.Parse("and(fieldNumber[in]:[1,2],fieldNumber[eq]:4)").ShouldBeOfType<AndFilter>();
        f.Children.Count.ShouldBe(2);
        f.Children[0].ShouldBeOfType<FieldFilter>().Operand!.AsArray().Select(Text).ShouldBe(["1", "2"]);
    }

    [Fact]
    public void In_lists_are_split_naively_on_every_comma()
    {
        // API-FACTS §1.4 quirk: the list is split on commas naively, then each element is quote-stripped
        var leaf = RestFilterParser.Parse("name[in]:[\"a,b\",'c']").ShouldBeOfType<AndFilter>().Children[0].ShouldBeOfType<FieldFilter>();
        leaf.Operand!.AsArray().Select(Text).ShouldBe(["\"a", "b\"", "c"]);
    }

    [Fact]
    public void Comparator_is_between_first_brackets_and_value_is_the_rest()
    {
        // PEER-CASES [filter] fieldNumber[gt]:valStart]:[valEnd
        var leaf = RestFilterParser.Parse("fieldNumber[gt]:valStart]:[valEnd").ShouldBeOfType<AndFilter>().Children[0].ShouldBeOfType<FieldFilter>();
        leaf.Operator.ShouldBe("gt");
        Text(leaf.Operand).ShouldBe("valStart]:[valEnd");
    }

    [Fact]
    public void Dotted_paths_nest_and_keep_text_values()
    {
        // PEER-CASES [filter] fieldCurrency.amountMicros[gt]:1 keeps '1' as text at parse time
        var leaf = RestFilterParser.Parse("fieldCurrency.amountMicros[gt]:1").ShouldBeOfType<AndFilter>().Children[0].ShouldBeOfType<FieldFilter>();
        leaf.Path.ShouldBe(["fieldCurrency", "amountMicros"]);
        Text(leaf.Operand).ShouldBe("1");
    }

    [Fact]
    public void Missing_bracket_is_rejected_with_example()
    {
        // PEER-CASES [filter] condition without ]
        Should.Throw<EmulatorException>(() => RestFilterParser.Parse("fieldNumber[wrongComparator:1")).Message
            .ShouldBe("'filter' invalid for 'fieldNumber[wrongComparator:1'. eg: price[gte]:10");
    }

    [Fact]
    public void Unknown_comparator_lists_the_fourteen_accepted()
    {
        // PEER-CASES [filter] regex is rejected on REST; API-FACTS §1.4 lists 14 comparators (with containsExactly)
        Should.Throw<EmulatorException>(() => RestFilterParser.Parse("textField[regex]:\"^test$\"")).Message.ShouldBe(
            "'filter' invalid for 'textField[regex]:\"^test$\"', comparator regex not in eq, neq, in, containsAny, containsExactly, is, gt, gte, lt, lte, startsWith, endsWith, like, ilike");
        RestFilterParser.Comparators.Length.ShouldBe(14);
    }

    [Theory]
    [InlineData("in")]
    [InlineData("containsAny")]
    public void In_and_containsAny_require_a_bracketed_list(string op)
    {
        // PEER-CASES [filter] array value expected; "Received" echoes the raw value with quotes
        Should.Throw<EmulatorException>(() => RestFilterParser.Parse($"createdAt[{op}]:2024-12-01T14:23:23.914Z")).Message.ShouldBe(
            $"'filter' invalid for '{op}' operator. Received '2024-12-01T14:23:23.914Z' but array value expected eg: 'field[{op}]:[value_1,value_2]'");
        Should.Throw<EmulatorException>(() => RestFilterParser.Parse($"arrayField[{op}]:\"[]\"")).Message
            .ShouldContain("Received '\"[]\"' but array value expected");
    }

    [Fact]
    public void Unbalanced_parentheses_are_rejected()
    {
        // API-FACTS §1.4: parenthesis counts must balance
        Should.Throw<EmulatorException>(() => RestFilterParser.Parse("and(a[eq]:1,or(b[eq]:2)")).Message
            .ShouldStartWith("'filter' invalid. 1 close bracket is missing");
    }

    [Fact]
    public void Bare_leaf_with_parentheses_in_value_is_not_wrapped_but_still_parses()
    {
        // API-FACTS §1.4 caveat: the auto-wrap test is "contains both '(' and ')'"
        var leaf = RestFilterParser.Parse("name[eq]:\"Acme (EU)\"").ShouldBeOfType<FieldFilter>();
        Text(leaf.Operand).ShouldBe("Acme (EU)");
    }

    [Fact]
    public void Is_value_is_taken_literally()
    {
        // API-FACTS §1.4: [is] takes NULL / NOT_NULL literally
        var leaf = RestFilterParser.Parse("city[is]:NOT_NULL").ShouldBeOfType<AndFilter>().Children[0].ShouldBeOfType<FieldFilter>();
        Text(leaf.Operand).ShouldBe("NOT_NULL");
    }
}
