"""One UCCX node: `/adminapi/...` and `/uccx/isDBMaster`, with the node's and the cluster's behaviour."""

from .application_handlers import ApplicationHandlers
from .calendar_handlers import CalendarHandlers
from .file_handlers import FileHandlers
from .pipeline import Handler, NodePipeline
from .team_handlers import TeamHandlers

_REPO = r"(?P<repo>prompt|document|script)"


class NodeApi(CalendarHandlers, ApplicationHandlers, TeamHandlers, FileHandlers, NodePipeline):
    """The WSGI-like app of one node; both nodes share the store and the cluster state."""

    def route_table(self) -> tuple[tuple[str, str, Handler], ...]:
        return (
            ("GET", r"/adminapi/calendar/?", self.list_calendars),
            ("POST", r"/adminapi/calendar/?", self.create_calendar),
            ("GET", r"/adminapi/calendar/(?P<cal_id>[^/]+)/?", self.get_calendar),
            ("PUT", r"/adminapi/calendar/(?P<cal_id>[^/]+)/?", self.modify_calendar),
            ("DELETE", r"/adminapi/calendar/(?P<cal_id>[^/]+)/?", self.delete_calendar),
            ("GET", r"/adminapi/application/?", self.list_applications),
            ("POST", r"/adminapi/application/?", self.create_application),
            ("GET", r"/adminapi/application/(?P<name>[^/]+)/?", self.get_application),
            ("PUT", r"/adminapi/application/(?P<name>[^/]+)/?", self.modify_application),
            ("GET", r"/adminapi/application/(?P<name>[^/]+)/prompts/?", self.get_application_prompts),
            ("PUT", r"/adminapi/application/(?P<name>[^/]+)/prompts/?", self.set_application_prompts),
            ("GET", r"/adminapi/team/?", self.list_teams),
            ("POST", r"/adminapi/team/?", self.create_team),
            ("GET", r"/adminapi/team/(?P<team_id>[^/]+)/?", self.get_team),
            ("GET", rf"/adminapi/files/{_REPO}s/?", self.flat_files),
            ("POST", rf"/adminapi/{_REPO}/uploadFile/?", self.upload_file),
            ("GET", rf"/adminapi/{_REPO}/download/(?P<path>.+)", self.download_file),
            ("GET", rf"/adminapi/{_REPO}(?P<path>/.*)?", self.get_files),
            ("POST", rf"/adminapi/{_REPO}/?", self.store_files),
            ("DELETE", rf"/adminapi/{_REPO}/(?P<path>.+)", self.delete_file),
        )
