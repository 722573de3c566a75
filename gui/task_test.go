package gui_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"cityledger/domain"
	"cityledger/domain/i18n"
	"cityledger/domain/storage"
	"cityledger/domain/storage/pgtest"
	"cityledger/gui"
	"cityledger/gui/guitest"
)

// runTask runs fn as a GUI task and waits until it has ended and said what it says.
func runTask(t *testing.T, ui *gui.App, fn func(ctx context.Context, progress gui.Progress) error) {
	t.Helper()
	ui.Env().Do(func() { ui.Env().Task("task", fn, nil) })
	guitest.WaitIdle(t, ui)
}

// Issue 16: a background task that fails on its own says why (the catalogue message),
// and only the person's cancel is reported as "cancelled".
func TestFailedTaskSaysWhyCancelledOnlyWhenCancelled(t *testing.T) {
	ui := guitest.NewApp(t, guitest.TempStore(t), i18n.EN, gui.Options{})
	env := ui.Env()
	failure := domain.Errorf(domain.KindEnvironment, "err.server_lost", nil)
	runTask(t, ui, func(ctx context.Context, _ gui.Progress) error { return failure })
	if got, want := env.LastMessage(), domain.Message(i18n.EN, failure); got != want {
		t.Errorf("a failed task says %q, want %q", got, want)
	}
	cancelled := env.T("gui.task.cancelled")
	started := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-started
		env.CancelTask()
	}()
	runTask(t, ui, func(ctx context.Context, _ gui.Progress) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	})
	wg.Wait()
	if got := env.LastMessage(); got != cancelled {
		t.Errorf("a cancelled task says %q, want %q", got, cancelled)
	}
}

// On a real server: a wrong password, and a server restart in the middle of an
// import, each end the task with the catalogue's message (login failed; connection
// lost, nothing changed), never SQLSTATE text and never "cancelled".
func TestTaskOnServerWrongPasswordAndRestart(t *testing.T) {
	srv := pgtest.Start(t)
	super, err := gorm.Open(postgres.Open(srv.Superuser("postgres")), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"CREATE ROLE owner LOGIN PASSWORD 'owner-pw'", "CREATE DATABASE ledger OWNER owner"} {
		if err := super.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	if s, err := super.DB(); err == nil {
		s.Close()
	}
	ui := guitest.NewApp(t, guitest.TempStore(t), i18n.EN, gui.Options{})
	env := ui.Env()
	runTask(t, ui, func(ctx context.Context, _ gui.Progress) error {
		s, err := storage.Open(ctx, srv.DSN("owner", "not-it", "ledger"))
		if err == nil {
			s.Close()
		}
		return err
	})
	msg := env.LastMessage()
	if msg == env.T("gui.task.cancelled") || strings.Contains(msg, "SQLSTATE") || strings.Contains(msg, "not-it") || !strings.Contains(msg, "ledger") {
		t.Errorf("wrong password: %q", msg)
	}

	ctx := context.Background()
	store, err := storage.Open(ctx, srv.DSN("owner", "owner-pw", "ledger"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	b := &domain.Batch{Source: "big.csv"}
	for i := 0; i < 400000; i++ {
		b.Records = append(b.Records, domain.Record{Date: domain.Date(fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28)),
			WorkType: "维修", Cost: domain.Fen(100 + i), Note: fmt.Sprint("r", i)})
	}
	// The server restarts while the import is under way: the import waits in its
	// progress report until the server is back, so the restart is always mid-import.
	var once sync.Once
	b.Progress = func(done, total int) {
		if done >= 20000 {
			once.Do(func() { srv.Restart(t) })
		}
	}
	runTask(t, ui, func(ctx context.Context, progress gui.Progress) error {
		_, err := store.Import(ctx, b)
		return err
	})
	msg = env.LastMessage()
	if want := domain.Message(i18n.EN, domain.Errorf(domain.KindEnvironment, "err.server_lost", nil)); !strings.Contains(msg, "connection to the PostgreSQL server was lost") ||
		strings.Contains(msg, "SQLSTATE") {
		t.Errorf("server restart mid-import: %q (want like %q)", msg, want)
	}
}
