package app_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/placeboard/placeboard/internal/jobs"
	"github.com/placeboard/placeboard/internal/voice"
)

// When a phase opens, the River job e-mails each follower once, over a
// real SMTP exchange; running the job again sends nothing more.
func TestVoicePhaseOpeningMailsFollowersOnce(t *testing.T) {
	srv, smtpSrv, _ := registrationServer(t, 0)
	v := srv.SeedVoice(t)
	c, u := srv.As(t, "", 0, false)
	follow := srv.URL + "/voice/processes/" + strconv.FormatInt(v.Process.ID, 10) + "/follow"
	res, err := c.PostForm(follow, map[string][]string{"follow": {"yes"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("follow: %d", res.StatusCode)
	}
	q := srv.App.Jobs()
	id, err := q.EnqueueVoicePhaseNotices(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	msgs := smtpSrv.Wait(t, 1, 30*time.Second)
	m := msgs[0]
	if !strings.Contains(strings.Join(m.To, ","), u.Email) || !strings.Contains(m.Header("Subject"), "Consultation phase open: Hartlepool priorities 2027") ||
		!strings.Contains(m.Body(), "/voice/processes/"+strconv.FormatInt(v.Process.ID, 10)) {
		t.Fatalf("message to %v %q\n%s", m.To, m.Header("Subject"), m.Body())
	}
	waitJob(t, q, id)
	// Again: the phase was told already.
	id, err = q.EnqueueVoicePhaseNotices(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	waitJob(t, q, id)
	if n, err := voice.AnnouncePhases(t.Context(), srv.Store, srv.App.Notifier(), srv.Store.VoiceToday(), ""); err != nil || n != 0 {
		t.Fatalf("announcing again queued %d: %v", n, err)
	}
	if got := len(smtpSrv.Messages()); got != 1 {
		t.Fatalf("%d messages, want 1", got)
	}
}

// waitJob waits until the job has run (a hang guard, not a speed bound).
func waitJob(t *testing.T, q *jobs.Queue, id int64) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		st, err := q.JobState(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		switch st {
		case "completed":
			return
		case "cancelled", "discarded":
			t.Fatalf("job %d %s", id, st)
		}
		select {
		case <-deadline:
			t.Fatalf("job %d still %s", id, st)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
