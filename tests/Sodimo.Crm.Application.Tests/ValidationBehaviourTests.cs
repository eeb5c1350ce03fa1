using FluentValidation;
using Mediator;
using Sodimo.Crm.Application.Common.Errors;
using Sodimo.Crm.Application.Common.Validation;

namespace Sodimo.Crm.Application.Tests;

/// <summary>
/// The validation behaviour runs synchronous validators through FluentValidation's synchronous path and falls back to
/// the asynchronous one for a validator with an asynchronous rule: every problem of every validator is reported, once.
/// </summary>
public sealed class ValidationBehaviourTests
{
    [Fact]
    public async Task ReportsEveryProblemOfSynchronousAndAsynchronousValidators_Once_AndCallsNothing()
    {
        var behaviour = new ValidationBehaviour<Probe, string>([new SyncValidator(), new AsyncValidator()]);
        var calls = 0;

        for (var round = 0; round < 2; round++)
        {
            var ex = await Should.ThrowAsync<RequestRefusedException>(() => behaviour.Handle(
                new Probe(string.Empty, -1),
                (_, _) => { calls++; return ValueTask.FromResult("sent"); },
                CancellationToken.None).AsTask());

            // The second round runs the asynchronous validator directly; the result is the same.
            ex.Problems.ShouldBe([
                new RequestProblem("Name", "A name is required."),
                new RequestProblem("Count", "The count may not be negative."),
                new RequestProblem("Name", "The name is taken."),
            ]);
        }

        calls.ShouldBe(0);
    }

    [Fact]
    public async Task PassesAValidMessageOn()
    {
        var behaviour = new ValidationBehaviour<Probe, string>([new SyncValidator(), new AsyncValidator()]);

        var result = await behaviour.Handle(new Probe("free", 3), (m, _) => ValueTask.FromResult("sent " + m.Name), CancellationToken.None);

        result.ShouldBe("sent free");
    }

    public sealed record Probe(string Name, int Count) : IMessage;

    private sealed class SyncValidator : AbstractValidator<Probe>
    {
        public SyncValidator() => RuleFor(p => p.Name).NotEmpty().WithMessage("A name is required.");
    }

    private sealed class AsyncValidator : AbstractValidator<Probe>
    {
        public AsyncValidator()
        {
            // A synchronous rule before the asynchronous one: the synchronous attempt has already run it when it stops.
            RuleFor(p => p.Count).GreaterThanOrEqualTo(0).WithMessage("The count may not be negative.");
            RuleFor(p => p.Name).MustAsync(async (name, ct) =>
            {
                await Task.Yield();
                return name == "free";
            }).WithMessage("The name is taken.");
        }
    }
}
