package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/store"
	"github.com/placeboard/placeboard/internal/store/storetest"
	"github.com/placeboard/placeboard/internal/voice"
)

// Posting needs a confirmed address; posts are limited per account and per
// client address (an IPv6 /64 counts as one address), and the window's end
// frees them again.
func TestPostingRules(t *testing.T) {
	if err := CanPost(nil); !errors.Is(err, ErrNotSignedIn) {
		t.Errorf("anonymous: %v", err)
	}
	if err := CanPost(&Principal{UserID: 1}); !errors.Is(err, voice.ErrEmailNotConfirmed) {
		t.Errorf("unconfirmed: %v", err)
	}
	if err := CanPost(&Principal{UserID: 1, EmailConfirmed: true}); err != nil {
		t.Errorf("confirmed: %v", err)
	}
	if !Can(&Principal{Roles: map[int64]Role{3: RoleOfficer}}, ModerateProposals, 3) || Can(&Principal{Roles: map[int64]Role{3: RoleResident}}, ModerateProposals, 3) ||
		Can(&Principal{Roles: map[int64]Role{3: RoleOfficer}}, ModerateProposals, 4) {
		t.Error("ModerateProposals is for the partnership's officers and administrators")
	}

	saved := PostLimits
	t.Cleanup(func() { PostLimits = saved })
	PostLimits.PerAccount, PostLimits.PerAddress, PostLimits.Window = 3, 4, time.Hour
	storetest.Engines(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := newClock()
		svc := NewService(st, Options{Params: cheap, Now: clk.Now})
		ann, bob := &Principal{UserID: 1, EmailConfirmed: true}, &Principal{UserID: 2, EmailConfirmed: true}
		home := Client{Address: "2001:db8::1"}
		for i := range 3 {
			if err := svc.ReservePost(ctx, ann, home); err != nil {
				t.Fatalf("post %d: %v", i, err)
			}
		}
		var limited *RateLimitedError
		if err := svc.ReservePost(ctx, ann, Client{Address: "10.0.0.9"}); !errors.As(err, &limited) || limited.RetryAfter <= 0 {
			t.Fatalf("fourth post by one account: %v", err)
		}
		// Bob shares the /64: the address has one post left.
		if err := svc.ReservePost(ctx, bob, Client{Address: "2001:db8::2"}); err != nil {
			t.Fatalf("bob's first: %v", err)
		}
		if err := svc.ReservePost(ctx, bob, Client{Address: "2001:db8::3"}); !errors.As(err, &limited) {
			t.Fatalf("fifth post from one /64: %v", err)
		}
		clk.Advance(time.Hour + time.Second)
		if err := svc.ReservePost(ctx, ann, home); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}
