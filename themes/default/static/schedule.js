/* sitegen schedule: when a service's sessions really happen, worked out in the browser at the
   moment a page is read, so a page built days ago still lists the right next sessions and never
   one that has already ended. The twin of sitegen/model/schedule.py: tests run both, on the same dates
   and times of day, against an independent calendar library.
   Enhances [data-module="sg-next-sessions"] on service pages (without JavaScript the build's own
   list stays, with the date it was worked out); search.js and shortlist.js use it for the "Next
   session" line of each result. */
(function () {
  'use strict';
  var DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'];
  var DAY_MS = 86400000;
  var HORIZON_DAYS = 182; // schedule.HORIZON: 26 weeks
  var OLD_AFTER_DAYS = 3; // a page built longer ago than this says so beside its dates

  // Days are whole numbers of milliseconds at midnight UTC, so that adding DAY_MS never meets a
  // clock change; the session times are minutes after midnight, UK time.
  // (setUTCFullYear, not Date.UTC, which reads the years 0 to 99 as 1900 to 1999)
  function isoDay(text) { var p = text.split('-'), day = new Date(0); return day.setUTCFullYear(+p[0], +p[1] - 1, +p[2]); }
  function weekdayOf(day) { return (new Date(day).getUTCDay() + 6) % 7; }

  // The date and the time of day in the UK now, whatever time zone the device is set to.
  function ukNow(moment) {
    moment = moment || new Date();
    try {
      var parts = Object.create(null);
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
      }).formatToParts(moment).forEach(function (part) { parts[part.type] = part.value; });
      return { day: Date.UTC(+parts.year, +parts.month - 1, +parts.day), minutes: +parts.hour * 60 + +parts.minute };
    } catch (error) { // no time zone data: the device's own clock
      return {
        day: Date.UTC(moment.getFullYear(), moment.getMonth(), moment.getDate()),
        minutes: moment.getHours() * 60 + moment.getMinutes()
      };
    }
  }

  function inTerm(day, terms) {
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      if (day >= isoDay(term[0]) && day <= isoDay(term[1])) {
        for (var b = 0; b < term[2].length; b++) {
          if (day >= isoDay(term[2][b][0]) && day <= isoDay(term[2][b][1])) return false;
        }
        return true;
      }
    }
    return false;
  }

  // session: [weekday 0-6, start minutes, end minutes, frequency (0 weekly, 1 fortnightly,
  // 2 monthly), week of month (0-3 first to fourth, 4 last), term time (1 or 0), starting, ending]
  function runsOn(session, day, terms) {
    if (weekdayOf(day) !== session[0]) return false;
    if (session[6] && day < isoDay(session[6])) return false;
    if (session[7] && day > isoDay(session[7])) return false;
    var date = new Date(day);
    if (session[3] === 1) {
      var anchor = session[6] ? isoDay(session[6]) : day;
      if (Math.round((day - anchor) / DAY_MS) % 14 !== 0) return false;
    } else if (session[3] === 2) {
      if (session[4] === 4) {
        if (new Date(day + 7 * DAY_MS).getUTCMonth() === date.getUTCMonth()) return false;
      } else if (Math.floor((date.getUTCDate() - 1) / 7) !== session[4]) return false;
    }
    return !(session[5] && !inTerm(day, terms));
  }

  // How far ahead a session's dates can honestly be told (schedule.dates_known_until).
  function knownUntil(session, terms, today) {
    var limit = today + HORIZON_DAYS * DAY_MS;
    if (session[5]) {
      var last = today - DAY_MS;
      for (var i = 0; i < terms.length; i++) last = Math.max(last, isoDay(terms[i][1]));
      limit = Math.min(limit, last);
    }
    if (session[7]) limit = Math.min(limit, isoDay(session[7]));
    return limit;
  }

  // The next ``count`` sessions from ``now`` ({day, minutes}), soonest first; a session that has
  // ended today is left out. schedule: {sessions, off: ['YYYY-MM-DD'...], terms}.
  function upcoming(schedule, now, count) {
    var off = new Set(), found = [], terms = schedule.terms || [];
    (schedule.off || []).forEach(function (d) { off.add(isoDay(d)); });
    schedule.sessions.forEach(function (session, order) {
      var limit = knownUntil(session, terms, now.day), taken = 0;
      var day = now.day + ((session[0] - weekdayOf(now.day) + 7) % 7) * DAY_MS;
      for (; day <= limit && taken < count; day += 7 * DAY_MS) {
        if (off.has(day) || !runsOn(session, day, terms)) continue;
        if (day === now.day && session[2] <= now.minutes) continue;
        found.push({ day: day, session: session, order: order });
        taken++;
      }
    });
    found.sort(function (a, b) {
      return a.day - b.day || a.session[1] - b.session[1] || a.session[2] - b.session[2] || a.order - b.order;
    });
    return found.slice(0, count);
  }

  function clock(minutes) {
    var hour = Math.floor(minutes / 60), minute = minutes % 60;
    if (hour === 12 && minute === 0) return 'midday';
    if (hour === 0 && minute === 0) return 'midnight';
    var text = String(hour % 12 || 12) + (minute ? ':' + (minute < 10 ? '0' : '') + minute : '');
    return text + (hour < 12 ? 'am' : 'pm');
  }

  // 'Monday 7 December 2026' (model.format_date); without the year: 'Monday 7 December'
  function longDate(day, withYear) {
    var date = new Date(day);
    return DAY_NAMES[weekdayOf(day)] + ' ' + date.getUTCDate() + ' ' + MONTHS[date.getUTCMonth()] +
      (withYear ? ' ' + date.getUTCFullYear() : '');
  }

  function times(session) { return clock(session[1]) + ' to ' + clock(session[2]); }

  // The "Next session" line of a search result: 'Today, 9:30am to 11:30am', 'Tomorrow, ...'
  function describeNext(next, today) {
    if (!next) return null;
    var when = next.day === today ? 'Today' : next.day === today + DAY_MS ? 'Tomorrow' : longDate(next.day, false);
    return when + ', ' + times(next.session);
  }

  function isoText(day) { return new Date(day).toISOString().slice(0, 10); }

  // ---- A service page's "Next sessions" ----
  function enhance(module) {
    var schedule;
    try { schedule = JSON.parse(module.getAttribute('data-schedule')); } catch (error) { return; }
    if (!schedule || !Array.isArray(schedule.sessions)) return;
    var now = ukNow(), list = module.querySelector('.sg-next-sessions__list');
    var none = module.querySelector('.sg-next-sessions__none'), note = module.querySelector('.sg-next-sessions__note');
    var found = upcoming(schedule, now, 5);
    if (list) {
      list.textContent = '';
      found.forEach(function (occurrence) {
        var item = document.createElement('li'), time = document.createElement('time');
        time.setAttribute('datetime', isoText(occurrence.day));
        time.textContent = (occurrence.day === now.day ? 'Today, ' : '') + longDate(occurrence.day, true);
        item.appendChild(time);
        item.appendChild(document.createTextNode(', ' + times(occurrence.session)));
        list.appendChild(item);
      });
      list.hidden = found.length === 0;
    }
    if (none) none.hidden = found.length > 0;
    module.querySelectorAll('.sg-next-sessions__off li').forEach(function (item) {
      var time = item.querySelector('time');
      if (time && isoDay(time.getAttribute('datetime')) < now.day) item.parentNode.removeChild(item);
    });
    var off = module.querySelector('.sg-next-sessions__off');
    if (off && !off.querySelector('li')) off.hidden = true;
    if (note) {
      var built = isoDay(schedule.built), days = Math.round((now.day - built) / DAY_MS);
      note.textContent = days > OLD_AFTER_DAYS
        ? 'This page was last updated on ' + longDate(built, true) + ', ' + days + ' days ago. The dates above are worked out for today from the regular timetable, but check with the service before you go in case anything has changed.'
        : 'Worked out for today, ' + longDate(now.day, true) + '.';
      note.setAttribute('data-worked-out', isoText(now.day));
    }
    module.setAttribute('data-ready', 'yes');
  }

  window.sgSchedule = {
    isoDay: isoDay, weekdayOf: weekdayOf, ukNow: ukNow, runsOn: runsOn, upcoming: upcoming,
    describeNext: describeNext, longDate: longDate, times: times, enhance: enhance, DAY_MS: DAY_MS
  };
  if (typeof document !== 'undefined') document.querySelectorAll('[data-module="sg-next-sessions"]').forEach(enhance);
}());
