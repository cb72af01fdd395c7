ALTER TABLE "team_members" ADD COLUMN "next_due_at" timestamp with time zone DEFAULT '1970-01-01T00:00:00Z'::timestamptz;--> statement-breakpoint
ALTER TABLE "team_members" ADD COLUMN "due_rev" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "next_deadline_at" timestamp with time zone DEFAULT '1970-01-01T00:00:00Z'::timestamptz;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "next_digest_at" timestamp with time zone DEFAULT '1970-01-01T00:00:00Z'::timestamptz;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "next_escalation_at" timestamp with time zone DEFAULT '1970-01-01T00:00:00Z'::timestamptz;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "next_warnings_at" timestamp with time zone DEFAULT '1970-01-01T00:00:00Z'::timestamptz;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "due_rev" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "team_members_next_due_idx" ON "team_members" USING btree ("next_due_at");--> statement-breakpoint
CREATE INDEX "teams_next_deadline_idx" ON "teams" USING btree ("next_deadline_at");--> statement-breakpoint
CREATE INDEX "teams_next_digest_idx" ON "teams" USING btree ("next_digest_at");--> statement-breakpoint
CREATE INDEX "teams_next_escalation_idx" ON "teams" USING btree ("next_escalation_at");--> statement-breakpoint
CREATE INDEX "teams_next_warnings_idx" ON "teams" USING btree ("next_warnings_at");--> statement-breakpoint
-- Hand-written: whatever writes an input of a schedule (the app, a migration, an operator's SQL,
-- another feature) resets the instants it moves to the epoch, "work it out at the next tick", and
-- bumps due_rev so that a tick which read the old row cannot write its stale result back. Nothing
-- is computed here: the tick computes every instant, in the member's zone, with Luxon.
-- A team's schedule settings: its own instants, and its members' when prompt times can move.
CREATE FUNCTION coordinator_team_inputs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.next_deadline_at := 'epoch'; NEW.next_digest_at := 'epoch'; NEW.next_escalation_at := 'epoch'; NEW.next_warnings_at := 'epoch';
  NEW.due_rev := OLD.due_rev + 1;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER teams_inputs_changed BEFORE UPDATE OF working_days, prompt_time, tz_mode, timezone, reminder_minutes, deadline_time, stakeholder_channel_id, capacity_hours, day_hours, default_estimate_hours, overload_threshold, blocker_threshold_days, digest_day, digest_time, active, created_at ON teams FOR EACH ROW EXECUTE FUNCTION coordinator_team_inputs_changed();--> statement-breakpoint
CREATE FUNCTION coordinator_team_prompts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE team_members SET next_due_at = 'epoch', due_rev = due_rev + 1 WHERE team_id = NEW.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER teams_prompts_changed AFTER UPDATE OF working_days, prompt_time, tz_mode, timezone, reminder_minutes, active ON teams FOR EACH ROW EXECUTE FUNCTION coordinator_team_prompts_changed();--> statement-breakpoint
-- Membership: a member's own row (who answers, since when); the team's deadline (members' zones),
-- escalations (managers) and warnings (participants, capacity).
CREATE FUNCTION coordinator_member_inputs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.next_due_at := 'epoch'; NEW.due_rev := OLD.due_rev + 1;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER team_members_inputs_changed BEFORE UPDATE OF is_participant, joined_at ON team_members FOR EACH ROW EXECUTE FUNCTION coordinator_member_inputs_changed();--> statement-breakpoint
CREATE FUNCTION coordinator_roster_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE teams SET next_deadline_at = 'epoch', next_escalation_at = 'epoch', next_warnings_at = 'epoch', due_rev = due_rev + 1 WHERE id IN (SELECT DISTINCT team_id FROM changed_old);
  ELSE
    UPDATE teams SET next_deadline_at = 'epoch', next_escalation_at = 'epoch', next_warnings_at = 'epoch', due_rev = due_rev + 1 WHERE id IN (SELECT DISTINCT team_id FROM changed_new);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER team_members_added AFTER INSERT ON team_members REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION coordinator_roster_changed();--> statement-breakpoint
CREATE TRIGGER team_members_removed AFTER DELETE ON team_members REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION coordinator_roster_changed();--> statement-breakpoint
CREATE FUNCTION coordinator_member_role_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE teams SET next_deadline_at = 'epoch', next_escalation_at = 'epoch', next_warnings_at = 'epoch', due_rev = due_rev + 1 WHERE id = NEW.team_id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER team_members_role_changed AFTER UPDATE OF is_participant, is_manager, capacity_hours ON team_members FOR EACH ROW EXECUTE FUNCTION coordinator_member_role_changed();--> statement-breakpoint
-- A person's zone: their prompts in every team of the workspace, and those teams' deadlines.
CREATE FUNCTION coordinator_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.tz IS NOT DISTINCT FROM NEW.tz THEN RETURN NULL; END IF;
  UPDATE team_members m SET next_due_at = 'epoch', due_rev = m.due_rev + 1 FROM teams t WHERE t.id = m.team_id AND t.workspace_id = NEW.workspace_id AND m.user_id = NEW.user_id;
  UPDATE teams t SET next_deadline_at = 'epoch', due_rev = t.due_rev + 1 WHERE t.workspace_id = NEW.workspace_id AND t.id IN (SELECT team_id FROM team_members WHERE user_id = NEW.user_id);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER slack_users_zone_changed AFTER INSERT OR UPDATE OF tz ON slack_users FOR EACH ROW EXECUTE FUNCTION coordinator_zone_changed();--> statement-breakpoint
-- Load: tasks (and their estimates) move the team's overload warnings.
CREATE FUNCTION coordinator_load_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE teams SET next_warnings_at = 'epoch', due_rev = due_rev + 1 WHERE id IN (SELECT DISTINCT team_id FROM changed_old);
  ELSE
    UPDATE teams SET next_warnings_at = 'epoch', due_rev = due_rev + 1 WHERE id IN (SELECT DISTINCT team_id FROM changed_new);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER tasks_added AFTER INSERT ON tasks REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION coordinator_load_changed();--> statement-breakpoint
CREATE TRIGGER tasks_changed AFTER UPDATE ON tasks REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION coordinator_load_changed();--> statement-breakpoint
CREATE TRIGGER tasks_removed AFTER DELETE ON tasks REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION coordinator_load_changed();--> statement-breakpoint
-- Time off moves the warnings of every team of that person in that workspace (prompts need no
-- reset: whether someone works on a date is decided when the instant fires).
CREATE FUNCTION coordinator_time_off_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE teams t SET next_warnings_at = 'epoch', due_rev = t.due_rev + 1 FROM team_members m, (SELECT DISTINCT workspace_id, user_id FROM changed_old) c
      WHERE m.team_id = t.id AND m.user_id = c.user_id AND t.workspace_id = c.workspace_id;
  ELSE
    UPDATE teams t SET next_warnings_at = 'epoch', due_rev = t.due_rev + 1 FROM team_members m, (SELECT DISTINCT workspace_id, user_id FROM changed_new) c
      WHERE m.team_id = t.id AND m.user_id = c.user_id AND t.workspace_id = c.workspace_id;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER away_periods_added AFTER INSERT ON away_periods REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION coordinator_time_off_changed();--> statement-breakpoint
CREATE TRIGGER away_periods_changed AFTER UPDATE ON away_periods REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION coordinator_time_off_changed();--> statement-breakpoint
CREATE TRIGGER away_periods_removed AFTER DELETE ON away_periods REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION coordinator_time_off_changed();--> statement-breakpoint
-- Blockers opened, reopened or re-dated: the team's escalations are looked at again.
CREATE FUNCTION coordinator_blockers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE teams SET next_escalation_at = 'epoch', due_rev = due_rev + 1 WHERE id IN (SELECT DISTINCT team_id FROM changed_new WHERE status = 'open');
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER blockers_added AFTER INSERT ON blockers REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION coordinator_blockers_changed();--> statement-breakpoint
CREATE TRIGGER blockers_changed AFTER UPDATE ON blockers REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION coordinator_blockers_changed();
